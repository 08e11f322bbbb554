import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PlatformStatus, RehearsalState, ServiceStatus } from '../../shared/domain/rehearsal.js';
import { createFakeCore } from '../testing/fake-core.js';
import type { FakeCore, FakeCoreOptions } from '../testing/fake-core.js';
import { busyStatus, healthyStatus, running } from '../testing/rehearsal-fixture.js';
import { renderApp } from '../testing/render-app.js';

const stops: (() => void)[] = [];
afterEach(() => {
  stops.splice(0).forEach((stop) => stop());
  cleanup();
  vi.useRealTimers();
});

function open(options: FakeCoreOptions = {}, hash = '#/rehearsal'): FakeCore {
  const core = createFakeCore(options);
  stops.push(renderApp(core, hash).stop);
  return core;
}

function withService(status: PlatformStatus, id: string, patch: Partial<ServiceStatus>): PlatformStatus {
  return { ...status, services: status.services.map((service) => (service.id === id ? { ...service, ...patch } : service)) };
}

const rehearsalCalls = (core: FakeCore) => core.requests.filter((request) => request.name.startsWith('rehearsal.'));

describe('Rehearsal view', () => {
  it('shows the services of the snapshot and follows rehearsal.changed', async () => {
    const status = healthyStatus(Date.now());
    const core = open({ rehearsal: running(status) });
    const row = await screen.findByTestId('rehearsal-service-task-runner');
    expect(screen.getByTestId('view-rehearsal')).toBeTruthy();
    expect(screen.getAllByTestId(/^rehearsal-service-/)).toHaveLength(11);
    expect(row.dataset).toMatchObject({ running: 'true', ready: 'true' });
    expect(within(row).getByText('Ready')).toBeTruthy();
    expect(screen.getByTestId('rehearsal-state').dataset.state).toBe('running');
    expect(screen.getByTestId('rehearsal-control-url').textContent).toBe('http://127.0.0.1:8013');
    expect(screen.getByTestId('rehearsal-baseline').textContent).toBe('2.4.1');
    expect(screen.getByTestId('rehearsal-db-schema').textContent).toBe('v41');
    expect(screen.getByTestId('rehearsal-uptime').textContent).toBe('12 min 34 s');

    act(() => {
      let next = withService(status, 'task-runner', { running: false, ready: false, reasons: ['not running'] });
      next = withService(next, 'gateway', {
        version: '2.5.0-rc3',
        history: ['2.4.1'],
        faults: { slow: { medianMs: 800, p99Ms: 5000 }, errorRate: 0.1, flappingPeriodMs: 0, dependenciesDown: [] },
      });
      core.setRehearsal(running(next));
    });
    const stopped = screen.getByTestId('rehearsal-service-task-runner');
    expect(stopped.dataset).toMatchObject({ running: 'false', ready: 'false' });
    expect(within(stopped).getByText('Stopped')).toBeTruthy();
    expect(within(stopped).getByText('not running')).toBeTruthy();
    expect(within(stopped).getByTestId('fault-start-task-runner')).toBeTruthy();
    expect(within(stopped).queryByTestId('fault-stop-task-runner')).toBeNull();
    const gateway = screen.getByTestId('rehearsal-service-gateway');
    expect(gateway.textContent).toContain('2.5.0-rc3');
    expect(gateway.textContent).toContain('← 2.4.1');
    expect(gateway.textContent).toContain('unhealthy');
    expect(gateway.textContent).toContain('Slow 800 ms · p99 5000 ms');
    expect(gateway.textContent).toContain('Errors 10 %');
  });

  it('sends a stop fault for the row, with its controls disabled while the call is in flight', async () => {
    const core = open({ rehearsal: running(healthyStatus(Date.now())) });
    const stop = await screen.findByTestId('fault-stop-cache');
    fireEvent.click(stop);
    expect(stop).toHaveProperty('disabled', true);
    expect(screen.getByTestId('fault-clear-cache')).toHaveProperty('disabled', true);
    // Other services stay usable.
    expect(screen.getByTestId('fault-stop-identity')).toHaveProperty('disabled', false);
    await waitFor(() => expect(screen.getByTestId('fault-stop-cache')).toHaveProperty('disabled', false));
    expect(rehearsalCalls(core)).toEqual([{ name: 'rehearsal.fault', input: { service: 'cache', fault: { kind: 'stop' } } }]);
  });

  it('shows the answer of a call at once, but never over a newer rehearsal.changed', async () => {
    const status = healthyStatus(Date.now());
    const cacheStopped = running(withService(status, 'cache', { running: false, ready: false }));
    const answerOnly = open({
      rehearsal: running(status),
      answer: { 'rehearsal.fault': () => ({ ok: true, value: cacheStopped }) },
    });
    fireEvent.click(await screen.findByTestId('fault-stop-cache'));
    await waitFor(() => expect(screen.getByTestId('rehearsal-service-cache').dataset.running).toBe('false'));
    expect(answerOnly.calls).toContain('rehearsal.fault');
    stops.splice(0).forEach((stop) => stop());
    cleanup();

    // The core answers with the state before an event it emitted during the call: the event wins.
    const core: FakeCore = createFakeCore({
      rehearsal: running(status),
      during: { 'rehearsal.fault': () => core.setRehearsal(cacheStopped) },
    });
    stops.push(renderApp(core, '#/rehearsal').stop);
    fireEvent.click(await screen.findByTestId('fault-stop-cache'));
    // Enabled again means the call finished; a Start button means the older answer was not applied.
    await waitFor(() => expect(screen.getByTestId('fault-start-cache')).toHaveProperty('disabled', false));
    expect(screen.getByTestId('rehearsal-service-cache').dataset.running).toBe('false');
  });

  it('shows a conflict next to the control that caused it', async () => {
    open({
      rehearsal: running(healthyStatus(Date.now())),
      answer: { 'rehearsal.fault': () => ({ ok: false, error: { code: 'conflict', message: 'cache is already stopped' } }) },
    });
    fireEvent.click(await screen.findByTestId('fault-stop-cache'));
    const error = await screen.findByTestId('fault-error-cache');
    expect(error.textContent).toContain('Stop Cache refused');
    expect(error.textContent).toContain('cache is already stopped');
    expect(screen.getByTestId('rehearsal-service-cache').contains(error)).toBe(true);
    // The next attempt clears it.
    fireEvent.click(screen.getByTestId('fault-clear-cache'));
    await waitFor(() => expect(screen.getByTestId('fault-error-cache').dataset.control).toBe('clear'));
  });

  it('sends slow, errors, flapping, dependency and deploy faults from the row menu', async () => {
    const core = open({ rehearsal: running(busyStatus(Date.now())) });
    fireEvent.click(await screen.findByTestId('fault-menu-data-layer'));
    const panel = screen.getByTestId('fault-panel-data-layer');

    fireEvent.click(within(panel).getByRole('button', { name: '+1 s' }));
    fireEvent.click(within(panel).getByTestId('fault-slow-data-layer'));
    await waitFor(() => expect(within(panel).getByTestId('fault-errors-data-layer')).toHaveProperty('disabled', false));

    fireEvent.change(within(panel).getByTestId('fault-errors-rate-data-layer'), { target: { value: '30' } });
    fireEvent.click(within(panel).getByTestId('fault-errors-data-layer'));
    await waitFor(() => expect(within(panel).getByTestId('fault-flapping-data-layer')).toHaveProperty('disabled', false));

    fireEvent.change(within(panel).getByTestId('fault-flapping-period-data-layer'), { target: { value: '10' } });
    fireEvent.click(within(panel).getByTestId('fault-flapping-data-layer'));
    await waitFor(() => expect(within(panel).getByTestId('fault-dependency-data-layer-database')).toHaveProperty('disabled', false));

    // The database is down in this state: the button brings it back.
    expect(within(panel).getByTestId('fault-dependency-data-layer-database').textContent).toBe('Bring up');
    fireEvent.click(within(panel).getByTestId('fault-dependency-data-layer-database'));
    await waitFor(() => expect(within(panel).getByTestId('fault-deploy-data-layer')).toHaveProperty('disabled', false));

    const select = within(panel).getByTestId<HTMLSelectElement>('fault-deploy-version-data-layer');
    const rc3 = [...select.options].find((option) => option.value === '2.5.0-rc3');
    expect(rc3?.textContent).toContain('UNHEALTHY');
    fireEvent.change(select, { target: { value: '2.5.0-rc3' } });
    expect(within(panel).getByText(/Unhealthy release: bad build: connection pool misconfigured/)).toBeTruthy();
    fireEvent.click(within(panel).getByTestId('fault-deploy-data-layer'));
    await waitFor(() => expect(rehearsalCalls(core)).toHaveLength(5));

    expect(rehearsalCalls(core).map((call) => call.input)).toEqual([
      { service: 'data-layer', fault: { kind: 'slow', medianMs: 1000, p99Ms: 6000 } },
      { service: 'data-layer', fault: { kind: 'errors', rate: 0.3 } },
      { service: 'data-layer', fault: { kind: 'flapping', periodMs: 10_000 } },
      { service: 'data-layer', fault: { kind: 'dependency-up', dependency: 'database' } },
      { service: 'data-layer', fault: { kind: 'deploy', version: '2.5.0-rc3' } },
    ]);
    // Only services with infrastructure dependencies get the dependency box.
    fireEvent.click(screen.getByTestId('fault-menu-cache'));
    expect(within(screen.getByTestId('fault-panel-cache')).queryByTestId('fault-box-dependencies-cache')).toBeNull();
  });

  it('shows everything but no controls on a read-only display', async () => {
    open({ role: 'viewer', rehearsal: running(busyStatus(Date.now())) });
    const view = await screen.findByTestId('view-rehearsal');
    await screen.findByTestId('rehearsal-service-gateway');
    expect(screen.getByTestId('rehearsal-readonly').textContent).toBe('Read-only display: the platform is driven from an operator screen.');
    expect(within(view).queryAllByRole('button')).toEqual([]);
    expect(within(view).queryAllByRole('combobox')).toEqual([]);
    expect(screen.getByTestId('scenario-timeline')).toBeTruthy();
    expect(screen.getByTestId('rehearsal-deploy').textContent).toContain('1 of 3 services');
    expect(screen.getAllByTestId('rehearsal-log-entry')[0]?.textContent).toContain('scenario step: The gateway sheds load: 10 % errors');
    expect(screen.getByTestId('rehearsal-scenarios').textContent).toContain('Database failover');
  });

  it('draws the scenario timeline with each step’s state and a cursor that advances at the scenario’s speed', async () => {
    vi.useFakeTimers({ now: new Date(2025, 10, 25, 14, 0, 0) });
    const now = Date.now();
    const status = busyStatus(now);
    const scenario = status.scenario!;
    const steps = scenario.steps.map((step, i) => (i === 1 ? { ...step, state: 'failed' as const, error: 'gateway is not running' } : step));
    open({ rehearsal: running({ ...status, scenario: { ...scenario, steps, speed: 10, startedAt: now - 3_000 } }) });
    await act(() => vi.advanceTimersByTimeAsync(0));

    const timeline = screen.getByTestId('scenario-timeline');
    expect(timeline.dataset.state).toBe('running');
    expect(timeline.textContent).toContain('Gateway overload');
    expect(timeline.textContent).toContain('Playing at 10×');
    const rows = within(timeline).getAllByTestId('timeline-step');
    expect(rows.map((row) => row.dataset.state)).toEqual(['done', 'failed', 'pending', 'pending']);
    expect(rows.map((row) => row.dataset.atMs)).toEqual(['30000', '45000', '90000', '180000']);
    expect(rows[0]?.textContent).toContain('Traffic spike: the gateway slows down');
    expect(rows[1]?.textContent).toContain('failed');
    expect(rows[1]?.textContent).toContain('gateway is not running');
    const markers = within(timeline).getAllByTestId('timeline-marker');
    // The axis runs to 3:30 (one 30 s tick past the 3:00 scenario).
    expect(markers.map((marker) => marker.style.left)).toEqual([`${(30 / 210) * 100}%`, `${(45 / 210) * 100}%`, `${(90 / 210) * 100}%`, `${(180 / 210) * 100}%`]);

    const cursor = () => screen.getByTestId('timeline-now');
    expect(cursor().dataset.elapsedMs).toBe('30000');
    await act(() => vi.advanceTimersByTimeAsync(3_000));
    expect(cursor().dataset.elapsedMs).toBe('60000');
    expect(cursor().textContent).toBe('now 1:00');
    expect(cursor().style.left).toBe(`${(60 / 210) * 100}%`);
  });

  it('has no cursor once the scenario stopped', async () => {
    const status = busyStatus(Date.now());
    open({ rehearsal: running({ ...status, scenario: { ...status.scenario!, state: 'stopped' } }) });
    const timeline = await screen.findByTestId('scenario-timeline');
    expect(timeline.textContent).toContain('Stopped');
    expect(screen.queryByTestId('timeline-now')).toBeNull();
  });

  it('says why the platform is stopped and offers to start it', async () => {
    const core = open({ rehearsal: { state: 'stopped', reason: 'the platform exited with code 1: EADDRINUSE 127.0.0.1:8009' } });
    const reason = await screen.findByTestId('rehearsal-reason');
    expect(reason.textContent).toBe('the platform exited with code 1: EADDRINUSE 127.0.0.1:8009');
    expect(screen.getByTestId('rehearsal-state').textContent).toBe('Stopped');
    expect(screen.queryByTestId('rehearsal-stop')).toBeNull();
    expect(screen.queryByTestId('rehearsal-services')).toBeNull();
    const start = screen.getByTestId('rehearsal-start');
    fireEvent.click(start);
    expect(start).toHaveProperty('disabled', true);
    await waitFor(() => expect(rehearsalCalls(core)).toEqual([{ name: 'rehearsal.start', input: {} }]));
    act(() => void core.setRehearsal({ state: 'starting' }));
    expect(screen.getByTestId('rehearsal-state').textContent).toBe('Starting…');
    expect(screen.getByTestId('rehearsal-start')).toHaveProperty('disabled', true);
  });

  it('says since when the platform is unreachable', async () => {
    const since = Date.now() - 185_000;
    const state: RehearsalState = { state: 'unreachable', reason: 'rehearsal platform at http://127.0.0.1:8013 unreachable: connection refused', since };
    open({ rehearsal: state });
    const reason = await screen.findByTestId('rehearsal-reason');
    expect(reason.textContent).toContain('connection refused');
    expect(reason.textContent).toMatch(/since \d\d:\d\d:\d\d \(3 min 05 s ago\)/);
    expect(screen.getByTestId('rehearsal-state').dataset.state).toBe('unreachable');
    expect(screen.getByTestId('rehearsal-start')).toBeTruthy();
  });

  it('stops and resets the platform, plays a scenario at the chosen speed and stops it', async () => {
    const core = open({ rehearsal: running(busyStatus(Date.now())) });
    fireEvent.click(await screen.findByTestId('rehearsal-reset'));
    await waitFor(() => expect(screen.getByTestId('rehearsal-stop')).toHaveProperty('disabled', false));
    fireEvent.click(screen.getByTestId('rehearsal-stop'));
    await waitFor(() => expect(screen.getByTestId('rehearsal-stop')).toHaveProperty('disabled', false));
    fireEvent.click(screen.getByTestId('scenario-speed-60'));
    expect(screen.getByTestId('scenario-play-service-crash').textContent).toBe('Play 60×');
    fireEvent.click(screen.getByTestId('scenario-play-service-crash'));
    await waitFor(() => expect(screen.getByTestId('scenario-stop')).toHaveProperty('disabled', false));
    fireEvent.click(screen.getByTestId('scenario-stop'));
    await waitFor(() => expect(rehearsalCalls(core)).toHaveLength(4));
    expect(rehearsalCalls(core)).toEqual([
      { name: 'rehearsal.reset', input: {} },
      { name: 'rehearsal.stop', input: {} },
      { name: 'rehearsal.scenario.start', input: { name: 'service-crash', speed: 60 } },
      { name: 'rehearsal.scenario.stop', input: {} },
    ]);
  });

  it('is in the nav after Plan', async () => {
    open({}, '#/board');
    await screen.findByTestId('view-board');
    const links = screen.getAllByRole('link').filter((link) => link.dataset.testid?.startsWith('nav-'));
    expect(links.map((link) => link.dataset.testid).slice(-2)).toEqual(['nav-log', 'nav-rehearsal']);
    expect(screen.getByTestId('nav-rehearsal').getAttribute('href')).toBe('#/rehearsal');
  });
});

describe('Board', () => {
  it('points to the rehearsal platform while it runs, with how many services are ready', async () => {
    const core = open({ rehearsal: running(busyStatus(Date.now())) }, '#/board');
    const summary = await screen.findByTestId('board-rehearsal-summary');
    expect(summary.getAttribute('href')).toBe('#/rehearsal');
    expect(summary.textContent).toContain('Rehearsal platform: 4/11 services ready');
    expect(summary.textContent).toContain('Scenario playing: Gateway overload');
    // The tiles show what the probes found, not what the platform reports about itself.
    expect(screen.getByTestId('service-tile-api').dataset.status).toBe('unknown');
    act(() => void core.setRehearsal({ state: 'stopped', reason: 'stopped by an operator' }));
    expect(screen.queryByTestId('board-rehearsal-summary')).toBeNull();
  });

  it('shows no rehearsal line when the platform is not running', async () => {
    open({}, '#/board');
    await screen.findByTestId('view-board');
    expect(screen.queryByTestId('board-rehearsal-summary')).toBeNull();
  });
});
