import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-dir.js';
import { openDatabase } from '../db.js';
import { migrate } from '../migrate.js';
import { DATABASE_FILE, openStore } from '../store.js';
import { migrations } from './index.js';

const now = () => 1_700_000_000_000;
const temps: { remove(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

describe('migration 170 (probe environments)', () => {
  it('keeps a version-160 store’s probe evidence and sessions, of no environment, read by none; new rows carry theirs', () => {
    const dir = makeTempDir();
    temps.push(dir);
    const path = join(dir.path, DATABASE_FILE);
    const old = openDatabase(path);
    migrate(old, migrations.filter((m) => m.version <= 160), now);
    old.exec(`
      INSERT INTO core_sessions (id, started_at, last_seen_at, stopped_at, shell, app_version, config_path) VALUES ('s1', 0, 600000, 600000, 'web', '0.1.0', 'warroom.yaml');
      INSERT INTO probe_results (probe_id, service, at, outcome, latency_ms, detail) VALUES ('api/live', 'api', 1000, 0, 12.5, 'HTTP 200'), ('api/live', 'api', 2000, 2, 3000, 'timeout');
      INSERT INTO probe_rollups (probe_id, service, minute_at, count, failures, degraded, p50_ms, p95_ms, max_ms, sum_ms) VALUES ('api/live', 'api', 0, 2, 1, 0, 12.5, 12.5, 12.5, 12.5);
      INSERT INTO probe_rollup_progress (id, rolled_until_at) VALUES (1, 60000);
      INSERT INTO health_transitions (service, probe_id, at, from_status, to_status, reason) VALUES ('api', NULL, 1000, 'unknown', 'up', 'all probes up');
    `);
    old.close();

    const store = openStore({ dataDir: dir.path, now });
    expect(store.migration).toMatchObject({ from: 160, applied: ['170-probe-environments'] });
    // Whatever environment asks, the old rows are not its evidence.
    for (const environment of ['staging', 'production']) {
      expect(store.probeResults.samplesOf({ environment, service: 'api' }, 0, 10_000)).toEqual([]);
      expect(store.probeResults.rollupsOf({ environment, service: 'api' }, 0, 60_000)).toEqual([]);
      expect(store.healthTransitions.between(environment, 'api', 0, 10_000)).toEqual([]);
      expect(store.healthTransitions.latestPerService(environment)).toEqual([]);
      expect(store.coreSessions.overlapping(environment, 0, 10_000)).toEqual([]);
      expect(store.boardEvidence.lastResultAt('api', environment, 10_000)).toBeNull();
      expect(store.boardEvidence.statusAt('api', environment, 10_000)).toBeNull();
      expect(store.boardEvidence.sessions(environment, 0, 10_000)).toEqual([]);
      expect(store.replay.lastCheck('api', environment, 10_000)).toBeNull();
    }
    expect(store.probeResults.rolledUntil()).toBe(60_000);

    store.coreSessions.start({ id: 's2', environment: 'staging', startedAt: 700_000, shell: 'web', appVersion: '0.2.0', configPath: 'warroom.yaml' });
    store.probeResults.insertMany('staging', [{ probeId: 'api/live', service: 'api', at: 700_500, outcome: 'up', latencyMs: 9, detail: 'HTTP 200' }]);
    store.healthTransitions.record('staging', { service: 'api', probeId: null, at: 700_500, from: 'unknown', to: 'up', reason: 'all probes up', causedBy: null });
    expect(store.boardEvidence.lastResultAt('api', 'staging', 800_000)).toBe(700_500);
    expect(store.boardEvidence.statusAt('api', 'staging', 800_000)).toMatchObject({ status: 'up', since: 700_500 });
    expect(store.coreSessions.overlapping('staging', 0, 800_000).map((s) => [s.id, s.environment])).toEqual([['s2', 'staging']]);
    expect(store.boardEvidence.lastResultAt('api', 'production', 800_000)).toBeNull();
    store.close();

    const db = openDatabase(path);
    expect(db.prepare('SELECT id, environment FROM core_sessions ORDER BY id').all()).toEqual([
      { id: 's1', environment: null },
      { id: 's2', environment: 'staging' },
    ]);
    expect(db.prepare('SELECT at, environment FROM probe_results ORDER BY at').all()).toEqual([
      { at: 1000, environment: null },
      { at: 2000, environment: null },
      { at: 700_500, environment: 'staging' },
    ]);
    expect(db.prepare('SELECT environment, probe_id, minute_at, count, failures FROM probe_rollups').all()).toEqual([
      { environment: '', probe_id: 'api/live', minute_at: 0, count: 2, failures: 1 },
    ]);
    expect(db.prepare('SELECT at, environment FROM health_transitions ORDER BY at').all()).toEqual([
      { at: 1000, environment: null },
      { at: 700_500, environment: 'staging' },
    ]);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' AND tbl_name IN ('probe_results', 'health_transitions', 'core_sessions') ORDER BY name").pluck().all();
    expect(indexes).toEqual([
      'core_sessions_env_started_at',
      'health_transitions_env_service_at',
      'health_transitions_latest',
      'probe_results_at',
      'probe_results_env_probe_at',
      'probe_results_env_service_at',
    ]);
    expect(() => db.prepare("INSERT INTO probe_rollups (environment, probe_id, service, minute_at, count, failures, degraded, sum_ms) VALUES (NULL, 'a', 'a', 0, 1, 0, 0, 0)").run()).toThrow(
      /NOT NULL/,
    );
    db.close();
  });
});
