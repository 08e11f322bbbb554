import { describe, expect, it } from 'vitest';
import { probeResult, recentHealth, serviceHealth, sparkSeries } from '../testing/health-fixture.js';
import { healthFromOverview, mergeHealth } from './slices/health.js';
import { addNotification } from './slices/notifications.js';
import { appendResults, MAX_SPARK_POINTS, recentFromSnapshot } from './slices/recent.js';

const T = Date.UTC(2025, 10, 25, 13, 2, 0);

describe('recent slice', () => {
  it('appends one point per result to the service’s series, and leaves other services’ arrays alone', () => {
    const recent = recentFromSnapshot(recentHealth({ api: sparkSeries(T, 60), db: sparkSeries(T, 60) }));
    const next = appendResults(recent, [
      probeResult('api', 'live', T + 10_000, 'up', 51),
      probeResult('api', 'ready', T + 10_200, 'down', 3, 'HTTP 503'),
    ]);
    expect(next.series.api).toHaveLength(62);
    expect(next.series.api!.slice(-2)).toEqual([
      { at: T + 10_000, latencyMs: 51, outcome: 'up' },
      { at: T + 10_200, latencyMs: 3, outcome: 'down' },
    ]);
    expect(next.series.db).toBe(recent.series.db);
    expect(recent.series.api).toHaveLength(60);
  });

  it('trims each series to the 15-minute window, measured from its newest point', () => {
    const recent = recentFromSnapshot(recentHealth({ api: sparkSeries(T, 90, 10_000) }));
    // 90 points 10 s apart span 890 s; a point 20 s later pushes the oldest out of the 900 s.
    const next = appendResults(recent, [probeResult('api', 'live', T + 20_000)]);
    expect(next.series.api).toHaveLength(90);
    expect(next.series.api![0]!.at).toBe(T + 20_000 - 900_000);
  });

  it('keeps results in time order, starts a series for a new service, and caps a series', () => {
    let recent = recentFromSnapshot(recentHealth());
    recent = appendResults(recent, [probeResult('api', 'live', T + 2000), probeResult('api', 'ready', T + 1000)]);
    expect(recent.series.api!.map((p) => p.at)).toEqual([T + 1000, T + 2000]);
    const burst = Array.from({ length: MAX_SPARK_POINTS + 50 }, (_, i) => probeResult('api', 'live', T + 3000 + i));
    expect(appendResults(recent, burst).series.api).toHaveLength(MAX_SPARK_POINTS);
  });

  it('skips a result the snapshot’s series already holds', () => {
    const recent = recentFromSnapshot(recentHealth({ api: [{ at: T, latencyMs: 42, outcome: 'up' }] }));
    const next = appendResults(recent, [probeResult('api', 'live', T, 'up', 42), probeResult('api', 'ready', T, 'up', 43)]);
    expect(next.series.api).toEqual([
      { at: T, latencyMs: 42, outcome: 'up' },
      { at: T, latencyMs: 43, outcome: 'up' },
    ]);
  });
});

describe('health slice', () => {
  it('replaces only the services health.changed carries, keeping the others’ objects', () => {
    const current = healthFromOverview({ environment: 'production', paused: false, services: [serviceHealth('api', T), serviceHealth('db', T)] });
    const dbDown = serviceHealth('db', T + 1000, { status: 'down' });
    const next = mergeHealth(current, [dbDown], false);
    expect(next.services.db).toBe(dbDown);
    expect(next.services.api).toBe(current.services.api);
    expect(mergeHealth(next, [], false)).toBe(next);
    expect(mergeHealth(next, [], true).paused).toBe(true);
  });
});

describe('notifications slice', () => {
  const base = { at: T, title: 'Orders DB is down', body: 'ready: connection refused', affected: [] };
  it('puts the newest first and lets a recovery replace the standing alert of the same service', () => {
    let list = addNotification([], { ...base, id: 1, kind: 'down', service: 'db' });
    list = addNotification(list, { ...base, id: 2, kind: 'down', service: 'cache' });
    list = addNotification(list, { ...base, id: 3, kind: 'recovered', service: 'db', title: 'Orders DB is back (up)' });
    expect(list.map((n) => [n.id, n.kind, n.service])).toEqual([
      [3, 'recovered', 'db'],
      [2, 'down', 'cache'],
    ]);
  });
});
