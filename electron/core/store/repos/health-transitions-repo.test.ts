import { describe, expect, it } from 'vitest';
import type { Transition } from '../../../../shared/domain/probes.js';
import { openDatabase } from '../db.js';
import type { WritableDb } from '../db.js';
import { migrate } from '../migrate.js';
import { migrations } from '../migrations/index.js';
import { HOT_QUERIES, createHealthTransitionsRepo } from './health-transitions-repo.js';
import { createServiceMutesRepo } from './service-mutes-repo.js';

function freshDb(): WritableDb {
  const db = openDatabase(':memory:');
  migrate(db, migrations, () => 0);
  return db;
}

const transition = (over: Partial<Transition>): Transition => ({
  service: 'api',
  probeId: null,
  at: 0,
  from: 'unknown',
  to: 'up',
  reason: 'all probes up',
  causedBy: null,
  ...over,
});

describe('health transitions repo', () => {
  it('lists one service’s transitions (its own and its probes’) in a range, oldest first', () => {
    const repo = createHealthTransitionsRepo(freshDb());
    repo.record('staging', transition({ at: 100 }));
    repo.record('staging', transition({ at: 200, probeId: 'api/ready', from: 'up', to: 'down', reason: 'HTTP 503' }));
    repo.record('staging', transition({ at: 300, from: 'up', to: 'down', reason: 'down because db', causedBy: 'db' }));
    repo.record('staging', transition({ service: 'db', at: 250, from: 'up', to: 'down', reason: 'connection refused' }));
    expect(repo.between('staging', 'api', 150, 400)).toEqual([
      transition({ at: 200, probeId: 'api/ready', from: 'up', to: 'down', reason: 'HTTP 503' }),
      transition({ at: 300, from: 'up', to: 'down', reason: 'down because db', causedBy: 'db' }),
    ]);
    expect(repo.between('staging', null, 0, 1000).map((t) => t.at)).toEqual([100, 200, 250, 300]);
    expect(repo.between('staging', null, 0, 1000, 2).map((t) => t.at)).toEqual([100, 200]);
  });

  it('gives the newest transition of every service and probe, to restore statuses after a restart', () => {
    const repo = createHealthTransitionsRepo(freshDb());
    repo.record('staging', transition({ at: 100 }));
    repo.record('staging', transition({ at: 300, from: 'up', to: 'degraded', reason: 'slow' }));
    repo.record('staging', transition({ at: 200, probeId: 'api/live', to: 'up' }));
    repo.record('staging', transition({ at: 250, probeId: 'api/live', from: 'up', to: 'down', reason: 'timeout' }));
    repo.record('staging', transition({ service: 'db', at: 50, to: 'down', reason: 'connection refused' }));
    expect(repo.latestPerService('staging').map((t) => [t.service, t.probeId, t.at, t.to])).toEqual([
      ['api', null, 300, 'degraded'],
      ['api', 'api/live', 250, 'down'],
      ['db', null, 50, 'down'],
    ]);
  });

  it('reads one environment only: another environment’s changes, and those of no known environment, are not its own', () => {
    const db = freshDb();
    const repo = createHealthTransitionsRepo(db);
    repo.record('staging', transition({ at: 100 }));
    repo.record('production', transition({ at: 200, to: 'down', reason: 'HTTP 503' }));
    // Stored before environments were recorded: kept, of no environment.
    db.prepare("INSERT INTO health_transitions (service, at, from_status, to_status, reason) VALUES ('api', 300, 'up', 'degraded', 'old')").run();
    expect(repo.between('production', 'api', 0, 1000).map((t) => t.reason)).toEqual(['HTTP 503']);
    expect(repo.between('staging', null, 0, 1000).map((t) => t.at)).toEqual([100]);
    expect(repo.latestPerService('production').map((t) => [t.service, t.to])).toEqual([['api', 'down']]);
    expect(repo.latestPerService('rehearsal')).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM health_transitions').pluck().get()).toBe(3);
  });

  it('answers a service’s range and the latest statuses from its indexes', () => {
    const db = freshDb();
    const plan = (sql: string, params: unknown[]) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan(HOT_QUERIES.ofService, ['staging', 'api', 0, 1, 10])).toMatch(
      /SEARCH health_transitions USING INDEX health_transitions_env_service_at \(environment=\? AND service=\? AND at>\? AND at<\?\)/,
    );
    const latest = plan(HOT_QUERIES.latest, ['staging']);
    expect(latest).toMatch(/USING INDEX health_transitions_latest/);
    expect(latest).not.toMatch(/TEMP B-TREE/);
  });
});

describe('service mutes repo', () => {
  it('keeps the latest mute state of each service', () => {
    const repo = createServiceMutesRepo(freshDb());
    repo.set({ service: 'search', muted: true, changedAt: 100 });
    repo.set({ service: 'api', muted: true, changedAt: 150 });
    repo.set({ service: 'search', muted: false, changedAt: 200 });
    expect(repo.list()).toEqual([
      { service: 'api', muted: true, changedAt: 150 },
      { service: 'search', muted: false, changedAt: 200 },
    ]);
  });
});
