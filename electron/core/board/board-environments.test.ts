/**
 * One data dir used for one environment, then another: each environment's board counts only its
 * own probe results, status changes and observed time (real cores, real SQLite, a fake clock).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardEvaluation } from '../../../shared/domain/board.js';
import type { HealthStatus } from '../../../shared/domain/probes.js';
import type { CoreParts } from '../core.js';
import { loadConfigFile } from '../config/load-config.js';
import type { LoadedConfig } from '../config/load-config.js';
import { openDatabase } from '../store/db.js';
import { DATABASE_FILE } from '../store/store.js';
import { fakeClock } from '../testing/fake-clock.js';
import type { FakeClock } from '../testing/fake-clock.js';
import { REHEARSAL_CONFIG, makeCoreParts } from '../testing/make-core.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { join } from 'node:path';

const MIN = 60_000;
const HOUR = 60 * MIN;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The bundled rehearsal config with a second environment, staging, beside rehearsal. */
function twoEnvironments(): LoadedConfig {
  const loaded = loadConfigFile(REHEARSAL_CONFIG, { bundled: true });
  const rehearsal = loaded.config.environments.rehearsal!;
  return { ...loaded, config: { ...loaded.config, environments: { ...loaded.config.environments, staging: { ...rehearsal, label: 'Staging', rehearsal: false } } } };
}

function setUp(): { dataDir: string; clock: FakeClock; open: (environment: string) => CoreParts } {
  const dir = makeTempDir();
  cleanups.push(() => dir.remove());
  const clock = fakeClock();
  const loaded = twoEnvironments();
  const open = (environment: string) => {
    const core = makeCoreParts({ loaded, dataDir: dir.path, environment, clock, timers: clock });
    cleanups.push(() => core.close());
    return core;
  };
  return { dataDir: dir.path, clock, open };
}

/** Every service gets a status and a probe result at `at`, as the core's probes would store them. */
function observeAll(core: CoreParts, environment: string, at: number, status: (service: string) => HealthStatus = () => 'up'): void {
  const services = Object.keys(core.config.services);
  for (const service of services) {
    core.store.healthTransitions.record(environment, { service, probeId: null, at, from: 'unknown', to: status(service), reason: 'probed', causedBy: null });
  }
  core.store.probeResults.insertMany(
    environment,
    services.map((service) => ({ probeId: `${service}/ready`, service, at, outcome: status(service) === 'down' ? ('down' as const) : ('up' as const), latencyMs: 5, detail: 'probed' })),
  );
}

const criterion = (board: BoardEvaluation, id: string) => board.criteria.find((c) => c.id === id)!;
const health = (board: BoardEvaluation) => ({ ready: criterion(board, 'services-ready'), score: criterion(board, 'health-score') });

describe('one data dir, one environment after another', () => {
  it('the second environment’s board does not see the first one’s probe results, statuses or observed time, nor the first the second’s', async () => {
    const { clock, open } = setUp();
    const staging = open('staging');
    const stagingFrom = clock.now();
    observeAll(staging, 'staging', stagingFrom);
    clock.advance(2 * HOUR);
    observeAll(staging, 'staging', clock.now());
    const stagingBoard = health(staging.board.get({}));
    expect(stagingBoard.ready.state).toBe('met');
    expect(stagingBoard.score).toMatchObject({ state: 'met', evidence: [{ what: expect.stringMatching(/^health 100 \/ 100: .* of 2 h observed/) }] });
    await staging.close();

    // Rehearsal on the same data dir, right after: nothing of staging's green is its own.
    const rehearsal = open('rehearsal');
    const fresh = health(rehearsal.board.get({}));
    expect(fresh.ready).toMatchObject({ state: 'unknown', why: expect.stringMatching(/^not observed yet: /) });
    expect(fresh.score).toMatchObject({ state: 'unknown', why: 'no service observed in the last 1 d' });

    // Rehearsal observes one hour with the gateway down: its board says so, from its own hour only.
    const rehearsalFrom = clock.now();
    observeAll(rehearsal, 'rehearsal', rehearsalFrom, (service) => (service === 'gateway' ? 'down' : 'up'));
    clock.advance(HOUR);
    observeAll(rehearsal, 'rehearsal', clock.now(), (service) => (service === 'gateway' ? 'down' : 'up'));
    const own = health(rehearsal.board.get({}));
    expect(own.ready).toMatchObject({ state: 'not-met', why: 'not ready: gateway' });
    expect(own.score.evidence[0]?.what).toMatch(/ of 1 h observed in the last 1 d$/);

    // Staging's board, as of the end of its session and later, never takes rehearsal's gateway in.
    const stagingThen = health(rehearsal.board.get({ environment: 'staging', asOf: rehearsalFrom }));
    expect(stagingThen.ready.state).toBe('met');
    expect(stagingThen.score.evidence[0]?.what).toMatch(/^health 100 \/ 100: .* of 2 h observed/);
    const stagingNow = health(rehearsal.board.get({ environment: 'staging' }));
    expect(stagingNow.ready.why ?? '').not.toMatch(/gateway/);
    expect(stagingNow.score.evidence[0]?.what).toMatch(/^health 100 \/ 100: .* of 2 h observed/);
  });

  it('time another environment was watched is time this one was not observed: its last green does not run on', async () => {
    const { clock, open } = setUp();
    const first = open('rehearsal');
    observeAll(first, 'rehearsal', clock.now());
    clock.advance(HOUR);
    await first.close();

    const staging = open('staging');
    observeAll(staging, 'staging', clock.now());
    clock.advance(2 * HOUR);
    await staging.close();

    const again = open('rehearsal');
    observeAll(again, 'rehearsal', clock.now());
    clock.advance(MIN);
    // One hour and one minute observed, not the three hours staging's core ran in between.
    expect(health(again.board.get({})).score.evidence[0]?.what).toMatch(/ of 1 h 01 min observed in the last 1 d$/);
  });

  it('rows stored before environments were recorded stay in the store but count for no environment’s board', async () => {
    const { dataDir, clock, open } = setUp();
    const first = open('rehearsal');
    await first.close();
    // Evidence as the store held it before migration 170: no environment.
    const db = openDatabase(join(dataDir, DATABASE_FILE));
    const services = Object.keys(twoEnvironments().config.services);
    const at = clock.now();
    for (const service of services) {
      db.prepare("INSERT INTO health_transitions (service, probe_id, at, from_status, to_status, reason) VALUES (?, NULL, ?, 'unknown', 'up', 'old')").run(service, at);
      db.prepare("INSERT INTO probe_results (probe_id, service, at, outcome, latency_ms, detail) VALUES (?, ?, ?, 0, 5, 'old')").run(`${service}/ready`, service, at);
    }
    db.prepare("INSERT INTO core_sessions (id, started_at, last_seen_at, stopped_at, shell, app_version, config_path) VALUES ('old', ?, ?, NULL, 'web', '0', 'x')").run(at - HOUR, at + HOUR);
    db.close();

    clock.advance(MIN);
    const core = open('rehearsal');
    for (const environment of ['rehearsal', 'staging']) {
      const board = health(core.board.get({ environment }));
      expect(board.ready).toMatchObject({ state: 'unknown', why: expect.stringMatching(/^not observed yet: /) });
      expect(board.score.state).toBe('unknown');
    }
    const kept = openDatabase(join(dataDir, DATABASE_FILE));
    expect(kept.prepare('SELECT count(*) FROM probe_results WHERE environment IS NULL').pluck().get()).toBe(services.length);
    expect(kept.prepare('SELECT count(*) FROM health_transitions WHERE environment IS NULL').pluck().get()).toBe(services.length);
    kept.close();
  });
});
