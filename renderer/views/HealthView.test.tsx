import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HealthOverview } from '../../shared/domain/probes.js';
import { useAppStore } from '../stores/store.js';
import { createFakeCore } from '../testing/fake-core.js';
import type { FakeCore, FakeCoreOptions } from '../testing/fake-core.js';
import { probeHealth, probeResult, recentHealth, sampleHistory, serviceHealth, sparkSeries } from '../testing/health-fixture.js';
import { renderApp } from '../testing/render-app.js';

const stops: (() => void)[] = [];
afterEach(() => {
  stops.splice(0).forEach((stop) => stop());
  cleanup();
  vi.useRealTimers();
});

const NOW = new Date(2025, 10, 25, 14, 5, 23).getTime();

/** The orders DB refuses connections; the API gateway above it is degraded because of it. */
function outage(now: number): HealthOverview {
  return {
    environment: 'production',
    paused: false,
    services: [
      serviceHealth('api', now, {
        status: 'degraded',
        since: now - 192_000,
        reason: 'because db is down — ready: HTTP 503',
        causedBy: 'db',
        latencyMs: 187,
        probes: [probeHealth('api', 'live', now), probeHealth('api', 'ready', now, { status: 'down' })],
      }),
      serviceHealth('db', now, { status: 'down', since: now - 200_000, reason: 'ready: connection refused', latencyMs: 2 }),
    ],
  };
}

function open(options: FakeCoreOptions = {}, hash = '#/board'): FakeCore {
  const core = createFakeCore({
    health: outage(Date.now()),
    recent: recentHealth({ api: sparkSeries(Date.now(), 90, 10_000, [80, 81]), db: sparkSeries(Date.now(), 90) }, { api: 0.99531, db: 0.8712 }),
    ...options,
  });
  stops.push(renderApp(core, hash).stop);
  return core;
}

const settle = () => act(() => vi.advanceTimersByTimeAsync(0));
const tile = (id: string) => screen.getByTestId(`service-tile-${id}`);

describe('Service tiles', () => {
  it('show the snapshot’s health: status as colour, icon and word, the cause, latency, uptime and the big numbers', async () => {
    open();
    const api = await screen.findByTestId('service-tile-api');
    expect(api.dataset).toMatchObject({ status: 'degraded', stale: 'false' });
    expect(within(api).getByText('Degraded')).toBeTruthy();
    expect(within(api).getByTestId('caused-by-api').textContent).toBe('degraded because Orders DB');
    expect(within(api).getByTestId('latency-api').textContent).toBe('187 ms');
    expect(within(api).getByTestId('uptime-api').textContent).toBe('99.53 %');
    expect(api.textContent).toContain('uptime 24 h');
    expect(api.querySelector('[data-status="degraded"] .icon')).toBeTruthy();

    const db = tile('db');
    expect(db.dataset.status).toBe('down');
    expect(within(db).getByText('Down')).toBeTruthy();
    expect(db.textContent).toContain('ready: connection refused');
    expect(within(db).getByTestId('uptime-db').textContent).toBe('87.1 %');

    expect(screen.getByTestId('count-up').textContent).toBe('0Up');
    expect(screen.getByTestId('count-degraded').textContent).toBe('1Degraded');
    expect(screen.getByTestId('count-down').textContent).toBe('1Down');
    expect(screen.getByTestId('sparkline-api').dataset).toMatchObject({ points: '90', failures: '2' });
  });

  it('follow health.changed: status word, cause and counts change, other tiles keep theirs', async () => {
    const core = open();
    await screen.findByTestId('service-tile-api');
    act(() => void core.changeHealth([serviceHealth('api', Date.now(), { status: 'up', latencyMs: 38 })]));
    expect(tile('api').dataset.status).toBe('up');
    expect(within(tile('api')).getByText('Up')).toBeTruthy();
    expect(within(tile('api')).queryByTestId('caused-by-api')).toBeNull();
    expect(within(tile('api')).getByTestId('latency-api').textContent).toBe('38 ms');
    expect(tile('db').dataset.status).toBe('down');

    act(() => void core.changeHealth([serviceHealth('api', Date.now(), { status: 'down', causedBy: 'db', reason: 'because db is down' })]));
    expect(within(tile('api')).getByText('Down')).toBeTruthy();
    expect(within(tile('api')).getByTestId('caused-by-api').textContent).toBe('down because Orders DB');
    expect(screen.getByTestId('count-down').textContent).toBe('2Down');
  });

  it('append probe.results to the sparkline through the store, without a React re-render of the tile', async () => {
    const core = open();
    await screen.findByTestId('service-tile-api');
    const sparkline = screen.getByTestId('sparkline-api');
    const tileBefore = tile('api').innerHTML;
    const at = Date.now() + 1000;
    act(() => void core.probeResults([probeResult('api', 'live', at, 'up', 40), probeResult('api', 'ready', at, 'down', 3), probeResult('db', 'live', at)]));
    expect(useAppStore.getState().recent.series.api).toHaveLength(92);
    expect(useAppStore.getState().recent.series.api!.at(-1)).toEqual({ at, latencyMs: 3, outcome: 'down' });
    expect(sparkline.dataset).toMatchObject({ points: '92', failures: '3' });
    // Only the canvas's data attributes changed.
    expect(tile('api').innerHTML.replace(/data-points="\d+" data-failures="\d+"/, '')).toBe(tileBefore.replace(/data-points="\d+" data-failures="\d+"/, ''));
  });

  it('mark a stale service stale with the time of its last check, and show flapping and muted', async () => {
    vi.useFakeTimers({ now: NOW });
    const lastCheckedAt = new Date(2025, 10, 25, 14, 2, 11).getTime();
    open({
      health: {
        environment: 'production',
        paused: false,
        services: [
          serviceHealth('api', NOW, { stale: true, lastCheckedAt, flapping: true, muted: true }),
          serviceHealth('db', NOW),
        ],
      },
    });
    await settle();
    const api = tile('api');
    expect(api.dataset.stale).toBe('true');
    expect(within(api).getByTestId('stale-api').textContent).toBe('stale — last check 14:02:11');
    expect(within(api).getByTestId('flapping-api').textContent).toBe('Flapping');
    expect(within(api).getByTestId('muted-api').textContent).toBe('Muted');
    expect(tile('db').dataset.stale).toBe('false');
    expect(within(tile('db')).queryByTestId('stale-db')).toBeNull();
  });

  it('count the time since the last change every second', async () => {
    vi.useFakeTimers({ now: NOW });
    open();
    await settle();
    expect(screen.getByTestId('since-api').textContent).toBe('for 3m 12s');
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(screen.getByTestId('since-api').textContent).toBe('for 3m 13s');
  });

  it('show the same tiles on the health view, with a row per probe', async () => {
    open({}, '#/health');
    const api = await screen.findByTestId('service-tile-api');
    const ready = within(api).getByTestId('probe-row-api/ready');
    expect(ready.dataset.status).toBe('down');
    expect(ready.textContent).toContain('HTTP 503');
    expect(ready.textContent).toContain('3 ms');
    expect(within(api).getByTestId('probe-row-api/live').dataset.status).toBe('up');
    expect(screen.getByTestId('health-environment').textContent).toContain('Production (eu-west)');
  });
});

describe('Health banner', () => {
  it('shows a down notification with the affected services until it is dismissed', async () => {
    const core = open({}, '#/log');
    await screen.findByTestId('view-log');
    act(
      () =>
        void core.notify({
          at: Date.now(),
          kind: 'down',
          service: 'db',
          title: 'Orders DB is down',
          body: 'ready: connection refused',
          affected: ['api'],
        }),
    );
    const banner = screen.getByTestId('health-banner');
    expect(banner.dataset.kind).toBe('down');
    expect(banner.textContent).toContain('Orders DB is down — ready: connection refused');
    expect(within(banner).getByTestId('banner-affected').textContent).toBe('AffectedAPI gateway');
    fireEvent.click(within(banner).getByTestId('banner-dismiss'));
    expect(screen.queryByTestId('health-banner')).toBeNull();
  });

  it('shows the standing notifications of the snapshot in a window that (re)loads', async () => {
    open({
      notifications: [
        { id: 41, at: Date.now() - 60_000, kind: 'down', service: 'db', title: 'Orders DB is down', body: 'ready: connection refused', affected: ['api'] },
      ],
    });
    const banner = await screen.findByTestId('health-banner');
    expect(banner.dataset.kind).toBe('down');
    expect(banner.textContent).toContain('Orders DB is down — ready: connection refused');
  });

  it('replaces the alert when the service recovers, and lets the recovery go after 15 s', async () => {
    vi.useFakeTimers({ now: NOW });
    const core = open();
    await settle();
    act(() => void core.notify({ at: Date.now(), kind: 'down', service: 'db', title: 'Orders DB is down', body: 'ready: connection refused', affected: [] }));
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(screen.getByTestId('health-banner').dataset.kind).toBe('down');
    act(() => void core.notify({ at: Date.now(), kind: 'recovered', service: 'db', title: 'Orders DB is back (up)', body: 'all checks pass', affected: [] }));
    expect(screen.getAllByTestId('health-banner').map((b) => b.dataset.kind)).toEqual(['recovered']);
    expect(screen.getByTestId('health-banner').textContent).toContain('Orders DB is back (up) — all checks pass');
    await act(() => vi.advanceTimersByTimeAsync(14_000));
    expect(screen.getByTestId('health-banner')).toBeTruthy();
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(screen.queryByTestId('health-banner')).toBeNull();
  });
});

describe('History dialog', () => {
  it('asks health.history for the chosen range and lists transitions and not-observed spans', async () => {
    const core = open({ history: (input) => sampleHistory(input.service, input.fromAt, input.toAt) });
    fireEvent.click(await screen.findByTestId('service-tile-api'));
    const dialog = screen.getByTestId('health-history');
    await waitFor(() => expect(dialog.dataset.loading).toBe('false'));
    const calls = () => core.requests.filter((r) => r.name === 'health.history').map((r) => r.input as { service: string; fromAt: number; toAt: number; maxPoints: number });
    expect(calls()).toHaveLength(1);
    expect(calls()[0]).toMatchObject({ service: 'api', maxPoints: 500 });
    expect(calls()[0]!.toAt - calls()[0]!.fromAt).toBe(3_600_000);
    expect(within(dialog).getByTestId('history-range-1h').getAttribute('aria-pressed')).toBe('true');

    fireEvent.click(within(dialog).getByTestId('history-range-24h'));
    await waitFor(() => expect(calls()).toHaveLength(2));
    expect(calls()[1]!.toAt - calls()[1]!.fromAt).toBe(86_400_000);
    await waitFor(() => expect(dialog.dataset.loading).toBe('false'));
    expect(within(dialog).getByTestId('history-range-24h').getAttribute('aria-pressed')).toBe('true');

    expect(within(dialog).getByTestId('history-uptime').textContent).toBe('96.6 %');
    expect(within(dialog).getByTestId('history-degraded').textContent).toBe('6 degraded');
    const rows = within(dialog).getAllByTestId('history-transition');
    expect(rows.map((row) => row.dataset.to)).toEqual(['up', 'degraded', 'down']);
    expect(rows[2]!.textContent).toContain('ready: HTTP 503 (because data-layer is down)');
    expect(within(rows[2]!).getByTestId('transition-caused-by').textContent).toBe('data-layer');
    expect(within(rows[2]!).getAllByText(/^(Up|Down)$/).map((el) => el.textContent)).toEqual(['Up', 'Down']);
    const gaps = within(dialog).getAllByTestId('history-not-observed');
    expect(gaps).toHaveLength(1);
    const history = sampleHistory('api', calls()[1]!.fromAt, calls()[1]!.toAt);
    expect(gaps[0]!.dataset.fromAt).toBe(String(history.notObserved[0]!.fromAt));
    expect(gaps[0]!.textContent).toContain('2h 24m');

    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByTestId('health-history')).toBeNull();
  });

  it('closes with its button, and lets an operator mute the service’s notifications', async () => {
    const core = open();
    fireEvent.click(await screen.findByTestId('service-tile-db'));
    const mute = within(screen.getByTestId('health-history')).getByTestId('mute-db');
    expect(mute.textContent).toBe('Mute notifications');
    fireEvent.click(mute);
    await waitFor(() => expect(screen.getByTestId('mute-db').textContent).toBe('Unmute notifications'));
    expect(core.requests.filter((r) => r.name === 'health.mute').map((r) => r.input)).toEqual([{ service: 'db', muted: true }]);
    expect(within(tile('db')).getByTestId('muted-db')).toBeTruthy();
    fireEvent.click(screen.getByTestId('history-close'));
    expect(screen.queryByTestId('health-history')).toBeNull();
  });
});

describe('Health view controls', () => {
  it('shows “Check all now” busy with its progress until health.checkAll answers, then how long it took', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const core = open({ hold: { 'health.checkAll': held } }, '#/health');
    const button = await screen.findByTestId('check-all');
    expect(button.textContent).toBe('Check all now');
    fireEvent.click(button);
    expect(button).toHaveProperty('disabled', true);
    expect(button.dataset.busy).toBe('true');
    expect(button.textContent).toBe('Checking… 0 of 4 probes');
    expect(screen.getByTestId('probes-pause')).toHaveProperty('disabled', true);

    const later = Date.now() + 5;
    act(() => void core.changeHealth([serviceHealth('db', later)]));
    expect(button.textContent).toBe('Checking… 2 of 4 probes');
    await act(async () => release());
    await waitFor(() => expect(button).toHaveProperty('disabled', false));
    expect(button.textContent).toBe('Check all now');
    expect(screen.getByTestId('check-all-result').textContent).toMatch(/^Checked 4 probes in \d+\.\d s$/);
  });

  it('pauses and resumes probing, with a banner while paused', async () => {
    const core = open({}, '#/health');
    fireEvent.click(await screen.findByTestId('probes-pause'));
    const resume = await screen.findByTestId('probes-resume');
    expect(screen.getByTestId('probes-paused').textContent).toContain('Probing paused');
    fireEvent.click(resume);
    await screen.findByTestId('probes-pause');
    expect(screen.queryByTestId('probes-paused')).toBeNull();
    expect(core.calls.filter((name) => name.startsWith('health.'))).toEqual(['health.pause', 'health.resume']);
  });

  it('shows the paused banner on the board too', async () => {
    open({ health: { ...outage(Date.now()), paused: true } });
    expect((await screen.findByTestId('probes-paused')).textContent).toContain('Probing paused');
  });

  it('gives a read-only display everything but the operator controls', async () => {
    open({ role: 'viewer' }, '#/health');
    await screen.findByTestId('service-tile-api');
    expect(screen.getByTestId('health-readonly')).toBeTruthy();
    expect(screen.queryByTestId('check-all')).toBeNull();
    expect(screen.queryByTestId('probes-pause')).toBeNull();
    expect(screen.queryByTestId('probes-resume')).toBeNull();
    expect(screen.getByTestId('count-down').textContent).toBe('1Down');
    fireEvent.click(tile('api'));
    const dialog = screen.getByTestId('health-history');
    expect(within(dialog).getByTestId('history-range-15m')).toBeTruthy();
    expect(within(dialog).queryByTestId('mute-api')).toBeNull();
  });
});
