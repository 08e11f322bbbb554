/**
 * The Alerts view against a real core reading an Alertmanager over real HTTP (a small server that
 * speaks its API v2, standing in for the external system): a firing alert with its runbook one
 * click away, Acknowledge posting a silence with who, why and how long, a clear state when
 * Alertmanager stops answering, and "Reading…" (neither an error nor all clear) before its first answer.
 */
import { MonitoringConfigSchema } from '../../shared/domain/monitoring.js';
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../electron/core/config/load-config.js';
import { REHEARSAL_CONFIG } from '../../electron/core/testing/make-core.js';
import { renderApp } from '../testing/render-app.js';
import { startTestCore } from '../testing/test-core.js';
import { cleanupAfterEach } from '../testing/cleanup-after-each.js';

const cleanups = cleanupAfterEach();

const FIRING = {
  fingerprint: 'c0ffee',
  labels: { alertname: 'ServiceDown', service: 'cache', severity: 'critical', job: 'rehearsal-services' },
  annotations: { summary: 'cache is down' },
  startsAt: '2025-12-06T00:00:00.000Z',
  updatedAt: '2025-12-06T00:00:05.000Z',
  endsAt: '2025-12-06T00:10:00.000Z',
  status: { state: 'active', silencedBy: [], inhibitedBy: [] },
};

interface FakeAlertmanager {
  url: string;
  silences: unknown[];
  down(): Promise<void>;
  /** Lets the answers held by `held` go. */
  release(): void;
}

/** `held`: every answer waits for release() (a first read still on its way). */
async function startAlertmanager({ held = false } = {}): Promise<FakeAlertmanager> {
  const silences: unknown[] = [];
  let release = () => {};
  const released = held ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
  const answer = (method: string | undefined, url: string | undefined, body: string, res: ServerResponse) => {
    res.setHeader('content-type', 'application/json');
    if (method === 'POST' && url === '/api/v2/silences') {
      silences.push(JSON.parse(body));
      res.end(JSON.stringify({ silenceID: 'silence-1' }));
      return;
    }
    const silenced = silences.length > 0;
    res.end(JSON.stringify([{ ...FIRING, status: silenced ? { state: 'suppressed', silencedBy: ['silence-1'], inhibitedBy: [] } : FIRING.status }]));
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => void released.then(() => answer(req.method, req.url, body, res)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let open = true;
  const down = () =>
    new Promise<void>((resolve) => {
      if (!open) return resolve();
      open = false;
      server.close(() => resolve());
      server.closeAllConnections();
    });
  cleanups.push(down);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, silences, down, release };
}

/** A core reading `am` only when asked (no poll loop), as a guest core (the CLI) does. */
function coreReading(am: FakeAlertmanager, timeoutMs = 1000) {
  const loaded = loadConfigFile(REHEARSAL_CONFIG, { bundled: true });
  loaded.config.monitoring = MonitoringConfigSchema.parse({ alertmanager: { rehearsal: { url: am.url, timeout: timeoutMs, pollInterval: 60_000 } } });
  const core = startTestCore({ core: { loaded, environment: 'rehearsal', alertPolling: false } });
  cleanups.push(() => core.close());
  return core;
}

async function openAlerts(am: FakeAlertmanager) {
  const core = coreReading(am);
  await core.call('alerts.list', { refresh: true });
  cleanups.push(renderApp(core, '#/alerts').stop);
  return core;
}

describe('Alerts view', () => {
  it('shows a firing alert that opens its runbook with the actions, and acknowledges it with a silence', async () => {
    const am = await startAlertmanager();
    const core = await openAlerts(am);
    const alert = await screen.findByTestId('alert-ServiceDown-cache');
    expect(alert.dataset.status).toBe('active');
    expect(alert.textContent).toContain('cache is down');
    fireEvent.click(within(alert).getByRole('button', { name: /Runbook: A service is down/ }));
    const runbook = within(alert).getByTestId('alert-runbook-open');
    expect(runbook.dataset.runbook).toBe('service-down');
    expect(within(runbook).getByRole('button', { name: /Restart a service/ })).toBeTruthy();

    fireEvent.change(within(runbook).getByTestId('operator-name'), { target: { value: 'Ana' } });
    fireEvent.keyDown(within(runbook).getByTestId('operator-name'), { key: 'Enter' });
    fireEvent.click(within(alert).getByTestId('alert-ack-c0ffee'));
    fireEvent.change(screen.getByTestId('alert-ack-reason'), { target: { value: 'restarting the cache' } });
    fireEvent.change(screen.getByTestId('alert-ack-duration'), { target: { value: String(4 * 3_600_000) } });
    fireEvent.click(screen.getByTestId('alert-ack-confirm'));

    await waitFor(() => expect(within(screen.getByTestId('alerts-suppressed')).getByTestId('alert-ServiceDown-cache').dataset.status).toBe('suppressed'));
    expect(am.silences).toEqual([expect.objectContaining({ createdBy: 'Ana', comment: 'restarting the cache', matchers: expect.arrayContaining([{ name: 'service', value: 'cache', isRegex: false, isEqual: true }]) })]);
    const silence = am.silences[0] as { startsAt: string; endsAt: string };
    expect(Date.parse(silence.endsAt) - Date.parse(silence.startsAt)).toBe(4 * 3_600_000);
    expect(core.core.store.audit.tail(1)[0]).toMatchObject({ actor: 'Ana', event: 'alert_silenced' });
  });

  it('says Alertmanager is unreachable and keeps the last alerts marked stale, and the board row is not green', async () => {
    const am = await startAlertmanager();
    await openAlerts(am);
    await screen.findByTestId('alert-ServiceDown-cache');
    await am.down();
    fireEvent.click(screen.getByTestId('alerts-refresh'));
    await waitFor(() => expect(screen.getByTestId('alerts-source').dataset.state).toBe('unreachable'));
    expect(screen.getByTestId('alerts-source').textContent).toMatch(/Alertmanager unreachable: GET http:\/\/127\.0\.0\.1:\d+\/api\/v2\/alerts: (connection refused|other side closed)/);
    expect(screen.getByTestId('alerts-source').textContent).toContain('(stale)');
    // Not the rehearsal stack's address: nothing to suggest.
    expect(screen.queryByTestId('alerts-hint')).toBeNull();
    expect(screen.getByTestId('alert-ServiceDown-cache')).toBeTruthy();
    fireEvent.click(screen.getByTestId('nav-board'));
    const row = await screen.findByTestId('board-alerts-summary');
    expect(row.dataset.source).toBe('unreachable');
    expect(row.querySelector('[data-status]')?.getAttribute('data-status')).toBe('unknown');
  });

  it('says "Reading Alertmanager…" before its first answer (no error, no count, no board row), then shows what it answered', async () => {
    const am = await startAlertmanager({ held: true });
    cleanups.push(renderApp(coreReading(am, 10_000), '#/alerts').stop);
    const source = await screen.findByTestId('alerts-source');
    expect(source.dataset.state).toBe('pending');
    expect(source.textContent).toBe(`Reading Alertmanager ${am.url}…`);
    expect(source.getAttribute('role')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('heading', { name: 'Firing' })).toBeTruthy();
    expect(screen.getByTestId('alerts-none').textContent).toBe('Not known yet: Alertmanager is being read.');
    // The board keeps no row for an Alertmanager not read: never a green "No alerts firing".
    fireEvent.click(screen.getByTestId('nav-board'));
    await screen.findByTestId('view-board');
    expect(screen.queryByTestId('board-alerts-summary')).toBeNull();

    am.release();
    const row = await screen.findByTestId('board-alerts-summary');
    expect(row.dataset.source).toBe('ok');
    expect(row.textContent).toContain('ServiceDown (cache)');
    fireEvent.click(screen.getByTestId('nav-alerts'));
    expect((await screen.findByTestId('alerts-source')).dataset.state).toBe('ok');
    expect(screen.getByTestId('alerts-source').textContent).toContain(`Alertmanager ${am.url}`);
    expect(screen.getByRole('heading', { name: 'Firing (1)' })).toBeTruthy();
  });

  it('on the wall, says it is reading Alertmanager (not "none firing"), then that it is unreachable when the first read fails', async () => {
    const am = await startAlertmanager({ held: true });
    const core = coreReading(am, 10_000);
    cleanups.push(renderApp({ client: core.connect('viewer') }, '', { wall: true }).stop);
    const panel = await screen.findByTestId('wall-alerts');
    expect(panel.dataset.source).toBe('pending');
    expect(panel.textContent).toContain('Reading Alertmanager…');
    expect(panel.textContent).not.toContain('none firing');
    expect(panel.querySelector('.wall-alerts__blind')).toBeNull();

    await am.down();
    await waitFor(() => expect(screen.getByTestId('wall-alerts').dataset.source).toBe('unreachable'));
    expect(screen.getByTestId('wall-alerts').textContent).toMatch(/Alertmanager unreachable: GET http:\/\/127\.0\.0\.1:\d+\/api\/v2\/alerts: /);
    expect(screen.getByTestId('wall-alerts').textContent).not.toContain('Reading');
  });
});
