import { describe, expect, it } from 'vitest';
import type { WireEvent } from '../../../shared/contract/index.js';
import type { Alert, AlertsState } from '../../../shared/domain/alerts.js';
import { useAppStore } from '../store.js';
import { tickerAfterEvent } from './ticker.js';

const alert = (name: string, service: string, over: Partial<Alert> = {}): Alert => ({
  fingerprint: `${name}-${service}`,
  name,
  labels: { alertname: name, service },
  annotations: {},
  service,
  severity: 'critical',
  status: 'active',
  silencedBy: [],
  inhibitedBy: [],
  startsAt: 1_000,
  updatedAt: 1_000,
  runbookId: null,
  generatorUrl: null,
  ...over,
});

const stateOf = (alerts: Alert[], source: AlertsState['source']['state'] = 'ok'): AlertsState => ({
  environment: 'rehearsal',
  source: { state: source, url: 'http://127.0.0.1:9193', message: source === 'ok' ? null : 'Alertmanager unreachable: connection refused' },
  checkedAt: 2_000,
  alertsAt: 2_000,
  alerts,
});

const changed = (seq: number, payload: AlertsState): WireEvent => ({ name: 'alerts.changed', seq, at: 5_000 + seq, payload });

describe('the ticker on alerts', () => {
  const before = (alerts: Alert[] | null) => ({ ...useAppStore.getState(), alerts: alerts ? stateOf(alerts) : null });

  it('tells an alert that starts firing, and one that resolves', () => {
    const firing = tickerAfterEvent([], changed(1, stateOf([alert('ServiceDown', 'gateway')])), before([]));
    expect(firing.map((entry) => [entry.kind, entry.tone, entry.text])).toEqual([['alert', 'bad', 'Alert ServiceDown (gateway) firing']]);
    const resolved = tickerAfterEvent(firing, changed(2, stateOf([])), before([alert('ServiceDown', 'gateway')]));
    expect(resolved[0]).toMatchObject({ kind: 'alert', tone: 'ok', text: 'Alert ServiceDown (gateway) resolved' });
  });

  it('says silenced, not resolved, for an alert acknowledged from Warroom', () => {
    const silenced = alert('ServiceDown', 'gateway', { status: 'suppressed', silencedBy: ['s-1'] });
    const ticker = tickerAfterEvent([], changed(3, stateOf([silenced])), before([alert('ServiceDown', 'gateway')]));
    expect(ticker.map((entry) => entry.text)).toEqual(['Alert ServiceDown (gateway) silenced']);
  });

  it('adds nothing when the same alerts keep firing, or when Alertmanager cannot be read', () => {
    const same = [alert('ServiceDown', 'gateway')];
    expect(tickerAfterEvent([], changed(4, stateOf(same)), before(same))).toEqual([]);
    expect(tickerAfterEvent([], changed(5, stateOf([], 'unreachable')), before(same))).toEqual([]);
  });
});
