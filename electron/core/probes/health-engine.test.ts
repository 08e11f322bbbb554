import { describe, expect, it } from 'vitest';
import type { ProbeOutcome, ResolvedProbe } from '../../../shared/domain/probes.js';
import { createHealthEngine } from './health-engine.js';

const probe = (service: string, name: string, confirmations = 2): ResolvedProbe => ({
  kind: 'tcp', name, port: 1, id: `${service}/${name}`, service, intervalMs: 10_000, timeoutMs: 1000, retries: 0, confirmations, latencyBudgetMs: 1000,
});

function engine(confirmations = 2) {
  return createHealthEngine({
    probes: [probe('db', 'live', confirmations), probe('db', 'ready', confirmations), probe('api', 'live', confirmations), probe('api', 'ready', confirmations), probe('web', 'live', confirmations)],
    services: [{ id: 'db', dependsOn: [] }, { id: 'api', dependsOn: ['db'] }, { id: 'web', dependsOn: ['api'] }],
    settings: { flappingTransitions: 4, flappingWindowMs: 60_000 },
  });
}

const result = (probeId: string, outcome: ProbeOutcome, at: number, detail: string = outcome) => ({
  probeId, service: probeId.split('/')[0]!, outcome, at, latencyMs: 5, detail,
});

describe('health engine', () => {
  it('takes the first result at once, then needs N confirmations to change', () => {
    const health = engine(2);
    expect(health.apply(result('db/live', 'up', 1000)).map((t) => `${t.probeId ?? t.service}:${t.from}->${t.to}`)).toEqual(['db/live:unknown->up', 'db:unknown->up']);
    expect(health.apply(result('db/live', 'down', 2000, 'connection refused'))).toEqual([]);
    expect(health.health('db', 2000)?.status).toBe('up');
    expect(health.apply(result('db/live', 'up', 3000))).toEqual([]);
    expect(health.apply(result('db/live', 'down', 4000))).toEqual([]);
    const confirmed = health.apply(result('db/live', 'down', 5000, 'connection refused'));
    expect(confirmed.map((t) => `${t.probeId ?? t.service}:${t.from}->${t.to}`)).toEqual(['db/live:up->down', 'db:up->down']);
    expect(confirmed[1]?.reason).toBe('live: connection refused');
  });

  it('is down when every probe fails, degraded when some do', () => {
    const health = engine(1);
    health.apply(result('api/live', 'up', 1));
    health.apply(result('api/ready', 'down', 2, 'HTTP 503'));
    expect(health.health('api', 2)?.status).toBe('degraded');
    health.apply(result('api/live', 'down', 3));
    expect(health.health('api', 3)?.status).toBe('down');
  });

  it('says "down because X" and points at the root cause, not the middle', () => {
    const health = engine(1);
    for (const id of ['db/live', 'db/ready', 'api/live', 'web/live']) health.apply(result(id, 'up', 1));
    health.apply(result('api/ready', 'down', 2, 'HTTP 503'));
    health.apply(result('web/live', 'down', 2, 'HTTP 502'));
    expect(health.health('web', 2)).toMatchObject({ status: 'down', causedBy: 'api' });
    health.apply(result('db/live', 'down', 3));
    health.apply(result('db/ready', 'down', 3));
    expect(health.health('api', 3)).toMatchObject({ status: 'degraded', causedBy: 'db' });
    expect(health.health('web', 3)).toMatchObject({ causedBy: 'db', reason: expect.stringMatching(/^because db is down/) });
    expect(health.affectedBy('db')).toEqual(['db', 'api', 'web']);
  });

  it('detects flapping and marks results older than two intervals stale', () => {
    const health = engine(1);
    ['up', 'down', 'up', 'down', 'up'].forEach((outcome, i) => health.apply(result('web/live', outcome as ProbeOutcome, 1000 + i * 1000)));
    expect(health.health('web', 6000)).toMatchObject({ flapping: true, stale: false });
    expect(health.health('web', 6000 + 60_000)).toMatchObject({ flapping: false, stale: true });
    expect(health.health('db', 1)).toMatchObject({ status: 'unknown', stale: true, reason: 'no result yet' });
  });
});
