import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../../../shared/domain/probes.js';
import { HOT_QUERIES, createProbeResultsRepo } from './probe-results-repo.js';
import type { ProbeRollup } from './probe-results-repo.js';
import { freshDb, queryPlan } from '../testing/query-plan.js';


const ENV = 'staging';

const result = (over: Partial<ProbeResult> = {}): ProbeResult => ({
  probeId: 'api/live',
  service: 'api',
  at: 1000,
  outcome: 'up',
  latencyMs: 10,
  detail: 'HTTP 200',
  ...over,
});

const rollup = (over: Partial<ProbeRollup> = {}): ProbeRollup => ({
  environment: ENV,
  probeId: 'api/live',
  service: 'api',
  minuteAt: 0,
  count: 6,
  failures: 0,
  degraded: 0,
  p50Ms: 10,
  p95Ms: 20,
  maxMs: 20,
  sumMs: 70,
  ...over,
});


describe('probe results repo', () => {
  it('stores a batch and reads it back by service or by probe, oldest first', () => {
    const repo = createProbeResultsRepo(freshDb());
    repo.insertMany(ENV, [
      result({ at: 3000, outcome: 'down', latencyMs: 3000, detail: 'timeout' }),
      result({ at: 1000 }),
      result({ probeId: 'api/ready', at: 2000, outcome: 'degraded', latencyMs: 1500 }),
      result({ probeId: 'db/tcp', service: 'db', at: 1500 }),
    ]);
    expect(repo.samplesOf({ environment: ENV, service: 'api' }, 0, 10_000)).toEqual([
      { environment: ENV, probeId: 'api/live', service: 'api', at: 1000, outcome: 'up', latencyMs: 10 },
      { environment: ENV, probeId: 'api/ready', service: 'api', at: 2000, outcome: 'degraded', latencyMs: 1500 },
      { environment: ENV, probeId: 'api/live', service: 'api', at: 3000, outcome: 'down', latencyMs: 3000 },
    ]);
    expect(repo.samplesOf({ environment: ENV, service: 'api', probeId: 'api/live' }, 0, 3000).map((s) => s.at)).toEqual([1000]);
    expect(repo.samplesBetween(1500, 3000).map((s) => s.probeId)).toEqual(['db/tcp', 'api/ready']);
    expect(repo.firstAtOrAfter(1001)).toBe(1500);
    expect(repo.firstAtOrAfter(3001)).toBeNull();
  });

  it('stores a batch in one transaction: a bad row leaves none of the batch behind', () => {
    const db = freshDb();
    const repo = createProbeResultsRepo(db);
    repo.insertMany(ENV, [result({ at: 1 })]);
    const bad = { ...result({ at: 3 }), outcome: 'sideways' } as unknown as ProbeResult;
    expect(() => repo.insertMany(ENV, [result({ at: 2 }), bad])).toThrow();
    expect(db.prepare('SELECT at FROM probe_results').pluck().all()).toEqual([1]);
  });

  it('upserts rollups and never moves the rolled-up mark backwards', () => {
    const repo = createProbeResultsRepo(freshDb());
    expect(repo.rolledUntil()).toBeNull();
    repo.saveRollups([rollup({ minuteAt: 0 }), rollup({ minuteAt: 60_000 })], 120_000);
    repo.saveRollups([rollup({ minuteAt: 0, count: 7 })], 60_000);
    expect(repo.rolledUntil()).toBe(120_000);
    expect(repo.rollupsOf({ environment: ENV, service: 'api' }, 0, 120_000).map((r) => [r.minuteAt, r.count])).toEqual([
      [0, 7],
      [60_000, 6],
    ]);
  });

  it('reads the rollups of every probe of a service, or of one probe', () => {
    const repo = createProbeResultsRepo(freshDb());
    repo.saveRollups(
      [
        rollup({ probeId: 'api/live', minuteAt: 0 }),
        rollup({ probeId: 'api/ready', minuteAt: 0 }),
        rollup({ probeId: 'api/ready', minuteAt: 60_000 }),
        rollup({ probeId: 'apiary/live', service: 'apiary', minuteAt: 0 }),
      ],
      120_000,
    );
    expect(repo.rollupsOf({ environment: ENV, service: 'api' }, 0, 120_000).map((r) => `${r.probeId}@${r.minuteAt}`)).toEqual([
      'api/live@0',
      'api/ready@0',
      'api/ready@60000',
    ]);
    expect(repo.rollupsOf({ environment: ENV, service: 'api', probeId: 'api/ready' }, 60_000, 120_000)).toHaveLength(1);
  });

  it('merges one probe’s minutes per bucket: sums (degraded checks too), highest p95 and max, and the minute p50s with their weights', () => {
    const repo = createProbeResultsRepo(freshDb());
    const H = 3_600_000;
    repo.saveRollups(
      [
        rollup({ minuteAt: H, degraded: 3, p50Ms: 10.25, p95Ms: 20, maxMs: 30 }),
        rollup({ minuteAt: H + 60_000, failures: 2, degraded: 1, p50Ms: 12, p95Ms: 50, maxMs: 55 }),
        rollup({ minuteAt: H + 120_000, failures: 6, p50Ms: null, p95Ms: null, maxMs: null }),
        rollup({ minuteAt: 2 * H, p50Ms: 9 }),
        rollup({ probeId: 'api/ready', minuteAt: H, p50Ms: 99 }),
      ],
      3 * H,
    );
    expect(repo.rollupBucketsOf({ environment: ENV, service: 'api', probeId: 'api/live' }, 0, 3 * H, H)).toEqual([
      { bucketAt: H, count: 18, failures: 8, degraded: 4, p95Ms: 50, maxMs: 55, p50s: [10.25, 12], weights: [6, 4] },
      { bucketAt: 2 * H, count: 6, failures: 0, degraded: 0, p95Ms: 20, maxMs: 20, p50s: [9], weights: [6] },
    ]);
    expect(repo.rollupBucketsOf({ environment: ENV, service: 'api' }, 0, 2 * H, H).map((b) => b.p50s)).toEqual([[10.25, 12], [99]]);
  });

  it('deletes old rows oldest first and no more than asked at a time', () => {
    const repo = createProbeResultsRepo(freshDb());
    repo.insertMany(ENV, Array.from({ length: 10 }, (_, i) => result({ at: i * 1000 })));
    expect(repo.deleteSamplesBefore(5000, 3)).toBe(3);
    expect(repo.firstAtOrAfter(0)).toBe(3000);
    expect(repo.deleteSamplesBefore(5000, 3)).toBe(2);
    expect(repo.firstAtOrAfter(0)).toBe(5000);

    const minutes = [0, 1, 2, 3].map((m) => m * 60_000);
    repo.saveRollups(
      minutes.flatMap((minuteAt) => [rollup({ minuteAt }), rollup({ probeId: 'db/tcp', service: 'db', minuteAt })]),
      240_000,
    );
    expect(repo.deleteRollupsBefore(180_000, 4)).toBe(4);
    expect(repo.deleteRollupsBefore(180_000, 4)).toBe(2);
    expect(repo.deleteRollupsBefore(180_000, 4)).toBe(0);
    expect(repo.rollupsOf({ environment: ENV, service: 'db' }, 0, 240_000).map((r) => r.minuteAt)).toEqual([180_000]);
  });

  it('answers its hot queries through indexes, never a table scan or a sort', () => {
    const db = freshDb();
    expect(queryPlan(db, HOT_QUERIES.serviceSamples)).toMatch(
      /SEARCH probe_results USING INDEX probe_results_env_service_at \(environment=\? AND service=\? AND at>\? AND at<\?\)/,
    );
    expect(queryPlan(db, HOT_QUERIES.probeSamples)).toMatch(/USING INDEX probe_results_env_probe_at \(environment=\? AND probe_id=\? AND at>\? AND at<\?\)/);
    expect(queryPlan(db, HOT_QUERIES.allSamples)).toMatch(/USING INDEX probe_results_at \(at>\? AND at<\?\)/);
    expect(queryPlan(db, HOT_QUERIES.probeRollups)).toMatch(
      /SEARCH probe_rollups USING PRIMARY KEY \(environment=\? AND probe_id=\? AND minute_at>\? AND minute_at<\?\)/,
    );
    expect(queryPlan(db, HOT_QUERIES.nextRollupProbe)).toMatch(/SEARCH probe_rollups USING PRIMARY KEY \(environment=\? AND probe_id>\?\)/);
    expect(queryPlan(db, HOT_QUERIES.nextRollupKey)).toMatch(/SEARCH probe_rollups USING PRIMARY KEY \(\(environment,probe_id\)>\(\?,\?\)\)/);
    expect(queryPlan(db, HOT_QUERIES.deleteSamples)).toMatch(/USING COVERING INDEX probe_results_at \(at<\?\)/);
    expect(queryPlan(db, HOT_QUERIES.probeRollupBuckets)).toMatch(
      /SEARCH probe_rollups USING PRIMARY KEY \(environment=\? AND probe_id=\? AND minute_at>\? AND minute_at<\?\)/,
    );
    for (const sql of Object.values(HOT_QUERIES)) expect(queryPlan(db, sql)).not.toMatch(/SCAN/);
    // Grouping one probe's range into chart buckets needs a small sorter; nothing else sorts.
    for (const sql of Object.values(HOT_QUERIES).filter((q) => q !== HOT_QUERIES.probeRollupBuckets)) {
      expect(queryPlan(db, sql)).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('reads one environment only: another environment’s checks and rollups, and those of no known environment, are not its own', () => {
    const db = freshDb();
    const repo = createProbeResultsRepo(db);
    repo.insertMany('staging', [result({ at: 1000 }), result({ at: 2000, outcome: 'down' })]);
    repo.insertMany('production', [result({ at: 1500, latencyMs: 99 })]);
    // Stored before environments were recorded: kept, of no environment.
    db.prepare("INSERT INTO probe_results (probe_id, service, at, outcome, latency_ms, detail) VALUES ('api/live', 'api', 1200, 0, 5, '')").run();
    repo.saveRollups([rollup({ environment: 'staging', count: 1 }), rollup({ environment: 'production', count: 2 }), rollup({ environment: null, count: 3 })], 60_000);

    expect(repo.samplesOf({ environment: 'production', service: 'api' }, 0, 10_000).map((s) => [s.at, s.latencyMs])).toEqual([[1500, 99]]);
    expect(repo.samplesOf({ environment: 'staging', service: 'api', probeId: 'api/live' }, 0, 10_000).map((s) => s.at)).toEqual([1000, 2000]);
    expect(repo.samplesBetween(0, 10_000).map((s) => [s.at, s.environment])).toEqual([
      [1000, 'staging'],
      [1200, null],
      [1500, 'production'],
      [2000, 'staging'],
    ]);
    expect(repo.rollupsOf({ environment: 'production', service: 'api' }, 0, 60_000).map((r) => r.count)).toEqual([2]);
    expect(repo.rollupBucketsOf({ environment: 'staging', service: 'api' }, 0, 60_000, 60_000).map((b) => b.count)).toEqual([1]);
    expect(repo.rollupsOf({ environment: 'rehearsal', service: 'api' }, 0, 60_000)).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM probe_rollups').pluck().get()).toBe(3);
  });
});
