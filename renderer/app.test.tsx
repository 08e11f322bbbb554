import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { CONTRACT_VERSION } from '../shared/contract/index.js';
import { renderApp } from './testing/render-app.js';
import { startTestCore } from './testing/test-core.js';
import type { TestCore, TestCoreOptions } from './testing/test-core.js';
import { cleanupAfterEach } from './testing/cleanup-after-each.js';

const cleanups = cleanupAfterEach();

function open(options: TestCoreOptions = {}, hash = '#/board'): TestCore {
  const core = startTestCore(options);
  cleanups.push(() => core.close());
  cleanups.push(renderApp(core, hash).stop);
  return core;
}

describe('App', () => {
  it('shows one tile per service with its URL in the default environment and an unknown status', async () => {
    open();
    const api = await screen.findByTestId('service-tile-api');
    expect(document.documentElement.dataset.appState).toBe('ready');
    expect(within(api).getByText('API gateway')).toBeTruthy();
    expect(within(api).getByText('api.example.com').getAttribute('title')).toBe('api — https://api.example.com');
    expect(api.dataset.status).toBe('unknown');
    expect(within(api).getByText('Unknown')).toBeTruthy();
    expect(within(screen.getByTestId('service-tile-db')).getByText('not deployed in production')).toBeTruthy();
    expect(screen.getByTestId('count-unknown').textContent).toContain('2');
    expect(screen.getByTestId('environment').textContent).toBe('PRODUCTION' + 'Production (eu-west)');
    expect(screen.getByTestId('launch-name').textContent).toBe('Checkout v2 launch');
    expect(screen.getByTestId('connection-indicator').dataset.state).toBe('live');
    expect(screen.getByTestId('role-badge').textContent).toBe('Operator');
    expect(screen.getByTestId('last-update').textContent).toMatch(/\d\d:\d\d:\d\d/);
  });

  it('follows the hash to the health view, where each tile says what its service depends on', async () => {
    open();
    await screen.findByTestId('view-board');
    act(() => {
      window.location.hash = '#/health';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    await screen.findByTestId('view-health');
    expect(within(screen.getByTestId('service-tile-api')).getByText('Depends on Orders DB')).toBeTruthy();
    expect(screen.getByTestId('nav-health').getAttribute('aria-current')).toBe('page');
  });

  it('says which config sections an empty view depends on', async () => {
    open({}, '#/load');
    await screen.findByTestId('section-load');
    expect(screen.getByTestId('section-load').textContent).toBe('load:not configured');
    expect(screen.getByTestId('view-load').textContent).toContain('No load profiles configured');
  });

  it('shows a reload banner when the core speaks another contract version', async () => {
    // A core of another build: the one answer a core in this process cannot give by itself.
    open({
      intercept: async (name, input, next) => {
        const result = await next();
        if (name !== 'app.hello' || !result.ok || typeof result.value !== 'object' || result.value === null) return result;
        return { ok: true, value: { ...result.value, contractVersion: CONTRACT_VERSION + 1 } };
      },
    });
    const banner = await screen.findByTestId('reload-banner');
    expect(banner.textContent).toContain(`contract version ${CONTRACT_VERSION}`);
    expect(within(banner).getByRole('button', { name: /reload/i })).toBeTruthy();
    expect(screen.getByTestId('connection-indicator').textContent).toBe('Reload needed');
  });

  it('asks for a token when the server refuses the credential, then reconnects with it', async () => {
    const core = open();
    await screen.findByTestId('view-board');
    act(() => core.client.setLinkState('unauthorized'));
    expect(screen.getByTestId('token-prompt')).toBeTruthy();
    expect(screen.getByTestId('connection-indicator').dataset.state).toBe('unauthorized');
    fireEvent.change(screen.getByTestId('token-input'), { target: { value: '  s3cret ' } });
    fireEvent.click(screen.getByTestId('token-submit'));
    expect(core.client.tokens).toEqual(['s3cret']);
    act(() => core.client.setLinkState('connecting'));
    expect(screen.queryByTestId('token-prompt')).toBeNull();
  });

  it('turns the indicator to stale with the last update time when the core goes quiet, and offline when the stream drops', async () => {
    vi.useFakeTimers({ now: new Date(2025, 10, 25, 14, 2, 11) });
    // Created under fake timers: its heartbeat ticks only as the test advances time.
    const core = open({ heartbeatIntervalMs: 2000 });
    await act(() => vi.advanceTimersByTimeAsync(0));
    const indicator = screen.getByTestId('connection-indicator');
    expect(indicator.dataset.state).toBe('live');
    expect(indicator.textContent).toBe('Live');
    await act(() => vi.advanceTimersByTimeAsync(6000));
    expect(indicator.dataset.state).toBe('live');
    // The core stops (its heartbeat with it) while the stream stays open.
    await act(() => core.core.close());
    await act(() => vi.advanceTimersByTimeAsync(6000));
    expect(indicator.dataset.state).toBe('stale');
    expect(indicator.textContent).toBe('Stale — last update 14:02:17');
    act(() => core.client.setLinkState('closed'));
    expect(screen.getByTestId('connection-indicator').textContent).toBe('Offline');
  });
});
