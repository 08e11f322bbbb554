/**
 * The Monitoring view against a real core reading a loopback Prometheus API (a canned server: the
 * real binary is exercised by the core's integration tests): big numbers with their state,
 * the monitoring check, an error answer that replaces the numbers with its reason, and the
 * health tiles on the Health view.
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { rulesAnswer, startFakePrometheus, targetsAnswer, vectorAnswer, type FakePrometheus } from '../../electron/core/monitoring/testing/fake-prometheus.js';
import { renderApp } from '../testing/render-app.js';
import { startTestCore } from '../testing/test-core.js';
import { cleanupAfterEach } from '../testing/cleanup-after-each.js';

const cleanups = cleanupAfterEach();

const monitoring = (url: string) => `monitoring:
  prometheus:
    staging: { url: "${url}", timeout: 2s }
  tiles:
    pool:
      title: Connection pool in use
      query: max(db_pool_connections_in_use)
      unit: count
      warn: 15
      bad: 19
      health: true
    memory:
      title: Memory
      query: sum(process_resident_memory_bytes)
      unit: bytes
`;

async function open(hash: string): Promise<FakePrometheus> {
  const prometheus = await startFakePrometheus(vectorAnswer([{ value: '20' }]));
  cleanups.push(() => prometheus.close());
  prometheus.answerPath('/api/v1/targets', targetsAnswer([{ job: 'platform', instance: '127.0.0.1:8001', health: 'up' }]));
  prometheus.answerPath('/api/v1/rules', rulesAnswer(5));
  const core = startTestCore({ environment: 'staging', monitoring: monitoring(prometheus.url) });
  cleanups.push(() => core.close());
  cleanups.push(renderApp(core, hash).stop);
  return prometheus;
}

describe('Monitoring view', () => {
  it('shows each instant tile as a big number in its unit with its state, and the monitoring check', async () => {
    await open('#/monitoring');
    await waitFor(() => expect(screen.getByTestId('query-tile-value-pool').textContent).toBe('20'), { timeout: 5000 });
    expect(screen.getByTestId('query-tile-pool').getAttribute('data-state')).toBe('bad');
    expect(screen.getByTestId('query-tile-state-pool').textContent).toContain('Bad');
    expect(screen.getByTestId('query-tile-value-memory').textContent).toBe('20 B');
    expect(screen.getByTestId('query-tile-memory').getAttribute('data-state')).toBe('ok');
    expect(screen.getByTestId('monitoring-source').textContent).toContain('Prometheus of staging: http://127.0.0.1:');
    await waitFor(() => expect(screen.getByTestId('monitoring-status').getAttribute('data-state')).toBe('ok'), { timeout: 5000 });
    expect(screen.getByTestId('monitoring-status').textContent).toContain('1 of 1 targets up, 5 alert rules loaded');
  });

  it('replaces the numbers with the reason when Prometheus answers an error, and says what is missing', async () => {
    const prometheus = await open('#/monitoring');
    // The reads the view made on opening have ended (the check comes with them): a later read asks again.
    await waitFor(() => expect(screen.getByTestId('query-tile-value-pool').textContent).toBe('20'), { timeout: 5000 });
    await waitFor(() => expect(screen.getByTestId('monitoring-status').getAttribute('data-state')).toBe('ok'), { timeout: 5000 });
    prometheus.answer({ status: 503, body: JSON.stringify({ status: 'error', errorType: 'unavailable', error: 'TSDB not ready' }) });
    fireEvent.click(screen.getByTestId('monitoring-refresh'));
    await waitFor(() => expect(screen.getByTestId('query-tile-pool').getAttribute('data-state')).toBe('error'), { timeout: 5000 });
    expect(screen.queryByTestId('query-tile-value-pool')).toBeNull();
    expect(screen.getByTestId('query-tile-detail-pool').textContent).toBe('Prometheus answered 503: unavailable: TSDB not ready');
    expect(screen.getByTestId('query-tile-state-pool').textContent).toContain('Cannot read');
    await waitFor(() => expect(screen.getByTestId('monitoring-status').getAttribute('data-state')).toBe('bad'), { timeout: 5000 });
    expect(screen.getByTestId('monitoring-status').textContent).toContain('Prometheus answered 503');
  });

  it('names the series the big number comes from and lists the next ones, highest first', async () => {
    const prometheus = await open('#/monitoring');
    await waitFor(() => expect(screen.getByTestId('query-tile-value-pool').textContent).toBe('20'), { timeout: 5000 });
    const perService = ['gateway:3', 'planner:19', 'cache:0', 'identity:7', 'console:1', 'notifier:2', 'reporting:4'].map((pair) => {
      const [service, value] = pair.split(':') as [string, string];
      return { labels: { service }, value };
    });
    prometheus.answer(vectorAnswer(perService));
    fireEvent.click(screen.getByTestId('monitoring-refresh'));
    await waitFor(() => expect(screen.getByTestId('query-tile-value-pool').textContent).toBe('19'), { timeout: 5000 });
    expect(screen.getByTestId('query-tile-pool').getAttribute('data-state')).toBe('bad');
    expect(screen.getByTestId('query-tile-value-of-pool').textContent).toBe('planner');
    const rows = [...screen.getByTestId('query-tile-series-pool').querySelectorAll('li')].map((li) => li.textContent);
    expect(rows).toEqual(['identity7', 'reporting4', 'gateway3', 'notifier2', 'console1', '+1 more']);
  });

  it('puts the tiles marked for health on the Health view', async () => {
    await open('#/monitoring');
    await waitFor(() => expect(screen.getByTestId('query-tile-value-pool').textContent).toBe('20'));
    window.location.hash = '#/health';
    await waitFor(() => expect(screen.getByTestId('health-query-tiles')).toBeTruthy());
    expect(screen.getByTestId('health-query-tiles').querySelectorAll('[data-testid^="query-tile-"][data-state]')).toHaveLength(1);
    expect(screen.getByTestId('query-tile-pool')).toBeTruthy();
    expect(screen.queryByTestId('query-tile-memory')).toBeNull();
  });

  it('reads the health tiles itself when it opens first on a core whose tiles were never read', async () => {
    // This core runs no refresh loop (as a guest or a read-only display): its tiles start pending.
    const prometheus = await open('#/health');
    await waitFor(() => expect(screen.getByTestId('query-tile-value-pool').textContent).toBe('20'), { timeout: 5000 });
    expect(screen.getByTestId('query-tile-pool').getAttribute('data-state')).toBe('bad');
    expect(prometheus.requests.some((r) => r.path.startsWith('/api/v1/query'))).toBe(true);
  });

  it('drops the number on the Health view once Prometheus is gone, and says where it did not answer', async () => {
    const prometheus = await open('#/monitoring');
    await waitFor(() => expect(screen.getByTestId('query-tile-value-pool').textContent).toBe('20'), { timeout: 5000 });
    window.location.hash = '#/health';
    await waitFor(() => expect(screen.getByTestId('health-query-tiles')).toBeTruthy());
    expect(screen.getByTestId('query-tile-value-pool').textContent).toBe('20');
    const url = prometheus.url;
    await prometheus.close();
    // Opening the Monitoring view reads again (as the owner's timer would).
    window.location.hash = '#/monitoring';
    await waitFor(() => expect(screen.getByTestId('query-tile-pool').getAttribute('data-state')).toBe('error'), { timeout: 5000 });
    window.location.hash = '#/health';
    await waitFor(() => expect(screen.getByTestId('health-query-tiles')).toBeTruthy());
    expect(screen.queryByTestId('query-tile-value-pool')).toBeNull();
    // Not "other side closed": a read on the kept-alive connection the closing server cut is sent again.
    expect(screen.getByTestId('query-tile-detail-pool').textContent).toBe(`Prometheus unreachable (${url.slice('http://'.length)}): connection refused`);
    // Not the rehearsal stack: nothing to suggest beyond where it failed.
    expect(screen.queryByTestId('query-tile-hint-pool')).toBeNull();
  });

  it('tells the Health view how to start the rehearsal monitoring stack when its Prometheus does not answer, in the Monitoring view’s words', async () => {
    // The rehearsal stack's port on IPv6 loopback: the stack binds 127.0.0.1 only, so nothing
    // answers here even while one runs on this machine.
    const core = startTestCore({ environment: 'staging', monitoring: monitoring('http://[::1]:9190') });
    cleanups.push(() => core.close());
    cleanups.push(renderApp(core, '#/health').stop);
    // What the owner's timer does: read every tile; the Health view follows the event.
    await core.call('monitoring.get', { fresh: true });
    await waitFor(() => expect(screen.getByTestId('query-tile-detail-pool').textContent).toBe('Prometheus unreachable ([::1]:9190): connection refused'), { timeout: 5000 });
    expect(screen.getByTestId('query-tile-state-pool').textContent).toContain('Cannot read');
    // The Health view's one tile says it itself.
    expect(screen.getByTestId('query-tile-hint-pool').textContent).toBe('Start the rehearsal monitoring stack: warroom rehearse monitoring start');
    expect(screen.queryByTestId('health-query-tiles-hint')).toBeNull();
    expect(screen.queryByTestId('query-tile-value-pool')).toBeNull();

    window.location.hash = '#/monitoring';
    await waitFor(() => expect(screen.getByTestId('monitoring-status').getAttribute('data-state')).toBe('bad'), { timeout: 5000 });
    expect(screen.getByTestId('monitoring-status').textContent).toContain('Prometheus unreachable ([::1]:9190): connection refused');
    expect(screen.getByTestId('monitoring-tiles-hint').textContent).toBe('What to do: Start the rehearsal monitoring stack: warroom rehearse monitoring start');
    // Several tiles need the same thing done: said once above them, not in each.
    expect(screen.queryByTestId('query-tile-hint-memory')).toBeNull();
    expect(screen.queryByTestId('query-tile-hint-pool')).toBeNull();
  });
});
