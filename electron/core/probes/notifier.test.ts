import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ServiceHealth, Transition } from '../../../shared/domain/probes.js';
import { createNotifier, postWebhook } from './notifier.js';

const health = (service: string, status: ServiceHealth['status'], causedBy: string | null = null, muted = false): ServiceHealth => ({
  service, status, since: 1, reason: causedBy ? `because ${causedBy} is down` : 'live: connection refused', causedBy,
  flapping: false, stale: false, lastCheckedAt: 1, latencyMs: 1, muted, probes: [],
});
const transition = (service: string, from: Transition['from'], to: Transition['to']): Transition => ({
  service, probeId: null, at: 1, from, to, reason: '', causedBy: null,
});

function notifierWith(current: Record<string, ServiceHealth>) {
  const delivered: unknown[] = [];
  const notifier = createNotifier({
    health: (s) => current[s],
    names: (s) => s.toUpperCase(),
    explainedBy: (root) => Object.values(current).filter((h) => h.causedBy === root).map((h) => h.service),
    deliver: (n) => delivered.push(...n),
    now: () => 5,
    windowMs: 10_000,
  });
  return { notifier, delivered };
}

describe('notifier', () => {
  it('folds dependents into one notification about the root cause', () => {
    const { notifier } = notifierWith({ db: health('db', 'down'), api: health('api', 'degraded', 'db'), web: health('web', 'down', 'db') });
    notifier.add([transition('api', 'up', 'degraded'), transition('db', 'up', 'down'), transition('web', 'up', 'down')]);
    const sent = notifier.flush(5);
    expect(sent).toEqual([
      expect.objectContaining({ kind: 'down', service: 'db', title: 'DB is down', affected: ['api', 'web'], body: 'live: connection refused. Also affected: API, WEB' }),
    ]);
    notifier.stop();
  });

  it('tells the recovery of what it told was down, and nothing for muted services, probes or the first result', () => {
    const current = { db: health('db', 'down'), cache: health('cache', 'down', null, true), web: health('web', 'down') };
    const { notifier } = notifierWith(current);
    notifier.add([transition('db', 'up', 'down'), transition('cache', 'up', 'down'), transition('web', 'unknown', 'down')]);
    expect(notifier.flush(5).map((n) => `${n.kind}:${n.service}`)).toEqual(['down:db']);
    current.db = health('db', 'up');
    current.web = health('web', 'up');
    notifier.add([transition('db', 'down', 'up'), transition('web', 'down', 'up'), { ...transition('db', 'up', 'down'), probeId: 'db/live' }]);
    expect(notifier.flush(5).map((n) => `${n.kind}:${n.service}`)).toEqual(['recovered:db']);
    notifier.stop();
  });

  it('tells a recovery that comes in steps within one window (down → degraded → up), and nothing for a blip that ends where it began', () => {
    const current = { db: health('db', 'down'), api: health('api', 'up') };
    const { notifier } = notifierWith(current);
    notifier.add([transition('db', 'up', 'down')]);
    expect(notifier.flush(5).map((n) => `${n.kind}:${n.service}`)).toEqual(['down:db']);
    current.db = health('db', 'up');
    // Probes recover one after another: the service passes through degraded inside the window.
    notifier.add([transition('db', 'down', 'degraded'), transition('db', 'degraded', 'up'), transition('api', 'up', 'down'), transition('api', 'down', 'up')]);
    expect(notifier.flush(5)).toEqual([expect.objectContaining({ kind: 'recovered', service: 'db', title: 'DB is back (up)' })]);
    notifier.stop();
  });

  it('tells a change that follows the first result in the same window (unknown → up → down right after start)', () => {
    const { notifier } = notifierWith({ db: health('db', 'down'), web: health('web', 'down') });
    notifier.add([transition('db', 'unknown', 'up'), transition('web', 'unknown', 'down'), transition('db', 'up', 'degraded'), transition('db', 'degraded', 'down')]);
    expect(notifier.flush(5).map((n) => `${n.kind}:${n.service}`)).toEqual(['down:db']);
    notifier.stop();
  });

  it('posts Slack-compatible JSON to a webhook', async () => {
    let received = '';
    const server = createServer((req, res) => {
      req.setEncoding('utf8').on('data', (c: string) => (received += c)).on('end', () => res.end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    await postWebhook(url, [{ at: 1, kind: 'down', service: 'db', title: 'DB is down', body: 'refused', affected: [] }], { environment: 'production', mention: '@oncall' });
    server.close();
    expect(JSON.parse(received)).toEqual({ text: '@oncall [production] :red_circle: *DB is down* — refused' });
  });
});
