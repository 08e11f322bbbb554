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

describe('migration 130 (resource samples)', () => {
  it('keeps the load runs of a version-90 database; samples and monitoring checks are stored beside them, queryable by time', () => {
    const dir = makeTempDir();
    temps.push(dir);
    const path = join(dir.path, DATABASE_FILE);
    const old = openDatabase(path);
    migrate(old, migrations.filter((m) => m.version <= 90), now);
    expect(old.pragma('user_version', { simple: true })).toBe(90);
    old.exec(`
      INSERT INTO load_runs (profile, scenario, environment, base_url, actor, model, planned_ms, state, started_at)
        VALUES ('peak', 'api-mix', 'rehearsal', 'http://127.0.0.1:8000', 'ana', 'closed', 60000, 'running', 1000);
    `);
    old.close();

    const store = openStore({ dataDir: dir.path, now });
    expect(store.migration).toMatchObject({ from: 90, applied: expect.arrayContaining(['130-resource-samples']) });
    expect(store.loadRuns.get(1)).toMatchObject({ profile: 'peak', state: 'running' });

    store.resourceSamples.declare(1, [{ resource: 'cpu', title: 'CPU', unit: 'cores', query: 'sum(rate(process_cpu_seconds_total[1m]))' }]);
    store.resourceSamples.addSample(1, 'cpu', 2000, [{ series: 'service=api', value: 0.5 }]);
    store.resourceSamples.addSample(1, 'cpu', 7000, [{ series: 'service=api', value: 0.9 }]);
    store.resourceSamples.addFailure(1, 'cpu', 12_000, 'Prometheus answered 503');
    expect(store.resourceSamples.forRun(1)).toEqual([
      { resource: 'cpu', title: 'CPU', unit: 'cores', series: [{ name: 'service=api', points: [[2000, 0.5], [7000, 0.9]] }], failures: [{ at: 12_000, detail: 'Prometheus answered 503' }] },
    ]);
    expect(store.resourceSamples.between('cpu', 5000, 10_000)).toEqual([{ runId: 1, series: 'service=api', at: 7000, value: 0.9 }]);
    // A sample of an undeclared resource or of no run is refused by the foreign keys.
    expect(() => store.resourceSamples.addSample(1, 'memory', 3000, [{ series: '', value: 1 }])).toThrow(/FOREIGN KEY/);

    const check = { environment: 'rehearsal', ok: true, prometheusUp: true, targetsUp: 11, targetsTotal: 11, ruleGroups: 1, rules: 5, detail: '' };
    store.monitoringChecks.add({ ...check, at: 5000 });
    store.monitoringChecks.add({ ...check, at: 9000, ok: false, targetsUp: 10, detail: '1 of 11 targets down: platform 127.0.0.1:8003' });
    expect(store.monitoringChecks.latest('rehearsal', 8999)).toEqual({ ...check, at: 5000 });
    expect(store.monitoringChecks.latest('rehearsal', 9000)).toMatchObject({ ok: false, targetsUp: 10 });
    expect(store.monitoringChecks.latest('rehearsal', 4999)).toBeNull();
    expect(store.monitoringChecks.latest('staging', 9000)).toBeNull();
    store.close();
  });
});
