/**
 * After a script exits 0, a run whose action verifies health is `verifying` until the check after
 * it ends, and only then succeeded; a run that is verifying holds its target. The health check is
 * one the test answers by hand, so no time passes on the wall clock while it waits.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionRun } from '../../../shared/domain/actions.js';
import type { HealthOverview, HealthStatus, ServiceHealth } from '../../../shared/domain/probes.js';
import { createEventBus } from '../bus.js';
import { systemClock } from '../clock.js';
import { parseConfigText } from '../config/load-config.js';
import { silentLogger } from '../logger.js';
import { createProblemRegistry } from '../problems/problems.js';
import { openStore, type Store } from '../store/store.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { createActionService, type ActionService } from './action-service.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function overview(status: HealthStatus): HealthOverview {
  const api: ServiceHealth = {
    service: 'api',
    status,
    since: null,
    reason: status,
    causedBy: null,
    flapping: false,
    stale: false,
    lastCheckedAt: null,
    latencyMs: null,
    muted: false,
    probes: [],
  };
  return { environment: 'staging', paused: false, services: [api] };
}

/** A health check that answers only when the test says so. */
function manualHealth() {
  const waiting: ((overview: HealthOverview) => void)[] = [];
  return {
    overview: () => overview('unknown'),
    checkAll: () => new Promise<HealthOverview>((resolve) => waiting.push(resolve)),
    pending: () => waiting.length,
    answer: (status: HealthStatus) => waiting.shift()!(overview(status)),
  };
}

function setUp(): { actions: ActionService; store: Store; health: ReturnType<typeof manualHealth>; runs: ActionRun[] } {
  const dir = makeTempDir();
  cleanups.push(() => dir.remove());
  mkdirSync(join(dir.path, 'scripts'));
  writeFileSync(join(dir.path, 'scripts', 'deploy.sh'), '#!/bin/sh\necho "deployed $1"\n');
  chmodSync(join(dir.path, 'scripts', 'deploy.sh'), 0o755);
  const text = `version: 1
name: verifying test
defaultEnvironment: staging
environments: { staging: { label: Staging } }
services: { api: { name: API, baseUrl: "http://127.0.0.1:9" } }
probes: { standard: false }
actions:
  deploy:
    label: Deploy
    argv: [./scripts/deploy.sh, "{service}"]
    params: { service: { type: service } }
    confirm: none
    verify: { probes: true, deadline: 60s }
`;
  const path = join(dir.path, 'warroom.yaml');
  const store = openStore({ dataDir: ':memory:', now: systemClock.now });
  cleanups.push(() => store.close());
  const bus = createEventBus({ clock: systemClock, logger: silentLogger });
  const runs: ActionRun[] = [];
  bus.on('action.changed', (run) => runs.push(run));
  const health = manualHealth();
  const actions = createActionService({
    config: parseConfigText(text, path),
    configDir: dir.path,
    environment: 'staging',
    bus,
    clock: systemClock,
    logger: silentLogger,
    recoverInterrupted: true,
    problems: createProblemRegistry({ clock: systemClock, logger: silentLogger, publish: () => {} }),
    runs: store.actionRuns,
    runbooks: store.runbookProgress,
    audit: store.audit,
    testReports: store.testReports,
    dataDir: dir.path,
    health,
    env: { PATH: process.env.PATH },
    scriptEnv: {},
    verifyEveryMs: 0,
  });
  cleanups.push(() => actions.stop());
  return { actions, store, health, runs };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('a run that verifies health after its script', () => {
  it('is verifying from the exit until the check ends, holds its target meanwhile, then is succeeded', async () => {
    const { actions, store, health, runs } = setUp();
    const run = actions.run({ actionId: 'deploy', params: { service: 'api' }, dryRun: false, actor: 'ana' });
    await until(() => health.pending() === 1);

    expect(store.actionRuns.get(run.id)).toMatchObject({ state: 'verifying', exitCode: 0, endedAt: expect.any(Number), healthRestored: null });
    expect(runs.at(-1)).toMatchObject({ id: run.id, state: 'verifying' });
    expect(() => actions.run({ actionId: 'deploy', params: { service: 'api' }, dryRun: false, actor: 'bo' })).toThrow('deploy on api is already running');

    health.answer('down');
    await until(() => health.pending() === 1);
    expect(store.actionRuns.get(run.id)).toMatchObject({ state: 'verifying' });
    health.answer('up');
    expect(await actions.finished(run.id)).toMatchObject({ state: 'succeeded', exitCode: 0, healthRestored: true, healthAfter: { api: 'up' } });
    expect(runs.map((r) => r.state)).toEqual(['running', 'running', 'running', 'verifying', 'succeeded']);
  });
});
