import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Fault, PlatformStatus, RehearsalState } from '../../shared/domain/rehearsal.js';
import { launchPlatform } from '../../electron/core/rehearsal/platform-launcher.js';
import { renderApp } from '../testing/render-app.js';
import { startTestCore } from '../testing/test-core.js';
import type { TestCore, TestCoreOptions } from '../testing/test-core.js';
import { cleanupAfterEach } from '../testing/cleanup-after-each.js';

/**
 * One real core for the file, starting the real simulated platform (its own process) on free
 * ports: never the fixed 8001–8013 the e2e run uses. Each test starts from a reset platform.
 */
let shared: TestCore;
beforeAll(async () => {
  shared = startTestCore({ core: { rehearsal: 'auto', rehearsalLaunch: { anyPort: true } } });
  await until(shared, (state) => state.state === 'running');
}, 30_000);
afterAll(() => shared?.close());

beforeEach(async () => {
  const state = await shared.call('rehearsal.status', {});
  if (state.state !== 'running') await shared.call('rehearsal.start', {});
  if ((await statusOf(shared)).scenario?.state === 'running') await shared.call('rehearsal.scenario.stop', {});
  await shared.call('rehearsal.reset', {});
  shared.requests.splice(0);
});

const cleanups = cleanupAfterEach();

/** The shared core's screen, as an operator (or another role) sees it. */
function open(hash = '#/rehearsal', role: 'operator' | 'viewer' = 'operator'): TestCore {
  cleanups.push(renderApp({ client: shared.connect(role) }, hash).stop);
  return shared;
}

/** A core of its own, for the states the shared platform must not be put in. */
function openOwn(options: TestCoreOptions, hash = '#/rehearsal'): TestCore {
  const core = startTestCore(options);
  cleanups.push(() => core.close());
  cleanups.push(renderApp(core, hash).stop);
  return core;
}

/** Resolves once the core's rehearsal state passes `test` (now or through rehearsal.changed). */
async function until(core: TestCore, test: (state: RehearsalState) => boolean): Promise<RehearsalState> {
  const now = await core.call('rehearsal.status', {});
  if (test(now)) return now;
  return new Promise((done) => {
    const stop = core.core.bus.on('rehearsal.changed', (state) => {
      if (!test(state)) return;
      stop();
      done(state);
    });
  });
}

async function statusOf(core: TestCore): Promise<PlatformStatus> {
  const state = await core.call('rehearsal.status', {});
  if (state.state !== 'running') throw new Error(`the platform is ${state.state}`);
  return state.status;
}

const fault = (core: TestCore, service: string, request: Fault) => core.call('rehearsal.fault', { service, fault: request });
const rehearsalCalls = (core: TestCore) => core.requests.filter((request) => request.name.startsWith('rehearsal.') && request.name !== 'rehearsal.status');

describe('Rehearsal view', () => {
  it('shows the services of the running platform and follows rehearsal.changed', async () => {
    const core = open();
    const status = await statusOf(core);
    const row = await screen.findByTestId('rehearsal-service-task-runner');
    expect(screen.getAllByTestId(/^rehearsal-service-/)).toHaveLength(status.services.length);
    expect(row.dataset).toMatchObject({ running: 'true', ready: 'true' });
    expect(within(row).getByText('Ready')).toBeTruthy();
    expect(screen.getByTestId('rehearsal-state').dataset.state).toBe('running');
    expect(screen.getByTestId('rehearsal-control-url').textContent).toBe(status.controlUrl);
    // Free ports, never the fixed ones the e2e run uses.
    expect(status.services.every((service) => service.port < 8001 || service.port > 8013)).toBe(true);
    expect(screen.getByTestId('rehearsal-baseline').textContent).toBe(status.baseline);
    expect(screen.getByTestId('rehearsal-db-schema').textContent).toBe(`v${status.databaseSchema}`);
    expect(screen.getByTestId('rehearsal-config-revision').textContent).toBe('revision 1');
    expect(screen.getByTestId('rehearsal-known-good').textContent).toBe(`${status.baseline} (as started)`);
    expect(screen.getByTestId('rehearsal-uptime').textContent).toMatch(/\d+ s$/);

    await fault(core, 'task-runner', { kind: 'stop' });
    await fault(core, 'gateway', { kind: 'deploy', version: '2.5.0-rc3' });
    await fault(core, 'gateway', { kind: 'slow', medianMs: 800, p99Ms: 5000 });
    await fault(core, 'gateway', { kind: 'errors', rate: 0.1 });
    await waitFor(() => expect(screen.getByTestId('rehearsal-service-task-runner').dataset).toMatchObject({ running: 'false', ready: 'false' }));
    const stopped = screen.getByTestId('rehearsal-service-task-runner');
    expect(within(stopped).getByText('Stopped')).toBeTruthy();
    expect(within(stopped).getByTestId('fault-start-task-runner')).toBeTruthy();
    expect(within(stopped).queryByTestId('fault-stop-task-runner')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('rehearsal-service-gateway').textContent).toContain('Errors 10 %'));
    const gateway = screen.getByTestId('rehearsal-service-gateway');
    expect(gateway.textContent).toContain('2.5.0-rc3');
    expect(gateway.textContent).toContain(`← ${status.baseline}`);
    expect(gateway.textContent).toContain('Slow 800 ms · p99 5000 ms');
  });

  it('sends a stop fault for the row, with its controls disabled while the call is in flight', async () => {
    const core = open();
    const stop = await screen.findByTestId('fault-stop-cache');
    fireEvent.click(stop);
    expect(stop).toHaveProperty('disabled', true);
    expect(screen.getByTestId('fault-clear-cache')).toHaveProperty('disabled', true);
    // Other services stay usable.
    expect(screen.getByTestId('fault-stop-identity')).toHaveProperty('disabled', false);
    await waitFor(() => expect(screen.getByTestId('fault-start-cache')).toHaveProperty('disabled', false));
    expect(rehearsalCalls(core)).toEqual([{ name: 'rehearsal.fault', input: { service: 'cache', fault: { kind: 'stop' } } }]);
    expect((await statusOf(core)).services.find((service) => service.id === 'cache')?.running).toBe(false);
  });

  it('never shows the answer of a call over a newer rehearsal.changed', async () => {
    // The core changes the platform again while the answer to the first call is on its way back.
    const core = openOwn({
      core: { rehearsal: 'auto', rehearsalLaunch: { anyPort: true } },
      intercept: async (name, input, next) => {
        const answer = await next();
        if (name === 'rehearsal.fault') {
          await core.call('rehearsal.fault', { service: 'cache', fault: { kind: 'stop' } });
        }
        return answer;
      },
    });
    await until(core, (state) => state.state === 'running');
    fireEvent.click(await screen.findByTestId('fault-stop-identity'));
    // Enabled again means the call finished; cache stopped means the older answer was not applied.
    await waitFor(() => expect(screen.getByTestId('fault-start-identity')).toHaveProperty('disabled', false));
    expect(screen.getByTestId('rehearsal-service-cache').dataset.running).toBe('false');
    expect(screen.getByTestId('fault-start-cache')).toBeTruthy();
  });

  it('shows a refusal of the platform next to the control that caused it', async () => {
    const core = open();
    await fault(core, 'cache', { kind: 'stop' });
    const port = (await statusOf(core)).services.find((service) => service.id === 'cache')!.port;
    // Something else takes the cache's port while it is stopped: the platform cannot start it again.
    const squatter = await listen(port);
    try {
      fireEvent.click(await screen.findByTestId('fault-start-cache'));
      const error = await screen.findByTestId('fault-error-cache', {}, { timeout: 5000 });
      expect(error.textContent).toContain('Start Cache refused');
      expect(error.textContent).toContain(`cache cannot listen on port ${port} again`);
      expect(screen.getByTestId('rehearsal-service-cache').contains(error)).toBe(true);
    } finally {
      await new Promise<void>((done) => squatter.close(() => done()));
    }
    // The next attempt clears it.
    fireEvent.click(screen.getByTestId('fault-start-cache'));
    await waitFor(() => expect(screen.getByTestId('rehearsal-service-cache').dataset.running).toBe('true'));
    expect(screen.queryByTestId('fault-error-cache')).toBeNull();
  });

  it('sends slow, errors, flapping, dependency and deploy faults from the row menu', async () => {
    const core = open();
    await fault(core, 'data-layer', { kind: 'dependency-down', dependency: 'database' });
    shared.requests.splice(0);
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

    // The database is down (the core said so): the button brings it back.
    expect(within(panel).getByTestId('fault-dependency-data-layer-database').textContent).toBe('Bring up');
    fireEvent.click(within(panel).getByTestId('fault-dependency-data-layer-database'));
    await waitFor(() => expect(within(panel).getByTestId('fault-deploy-data-layer')).toHaveProperty('disabled', false));

    const select = within(panel).getByTestId<HTMLSelectElement>('fault-deploy-version-data-layer');
    const rc3 = [...select.options].find((option) => option.value === '2.5.0-rc3');
    expect(rc3?.textContent).toContain('UNHEALTHY');
    fireEvent.change(select, { target: { value: '2.5.0-rc3' } });
    expect(within(panel).getByText(/Unhealthy release: /)).toBeTruthy();
    fireEvent.click(within(panel).getByTestId('fault-deploy-data-layer'));
    await waitFor(() => expect(rehearsalCalls(core)).toHaveLength(5));

    expect(rehearsalCalls(core).map((call) => call.input)).toEqual([
      { service: 'data-layer', fault: { kind: 'slow', medianMs: 1000, p99Ms: 6000 } },
      { service: 'data-layer', fault: { kind: 'errors', rate: 0.3 } },
      { service: 'data-layer', fault: { kind: 'flapping', periodMs: 10_000 } },
      { service: 'data-layer', fault: { kind: 'dependency-up', dependency: 'database' } },
      { service: 'data-layer', fault: { kind: 'deploy', version: '2.5.0-rc3' } },
    ]);
    // What the platform now reports about the data layer.
    await waitFor(async () => expect((await statusOf(core)).services.find((service) => service.id === 'data-layer')).toMatchObject({
      version: '2.5.0-rc3',
      faults: { slow: { medianMs: 1000, p99Ms: 6000 }, errorRate: 0.3, flappingPeriodMs: 10_000, dependenciesDown: [] },
    }));
    // Only services with infrastructure dependencies get the dependency box.
    fireEvent.click(screen.getByTestId('fault-menu-cache'));
    expect(within(screen.getByTestId('fault-panel-cache')).queryByTestId('fault-box-dependencies-cache')).toBeNull();
  });

  it('shows everything but no controls on a read-only display', async () => {
    await shared.call('rehearsal.scenario.start', { name: 'gateway-overload', speed: 1 });
    open('#/rehearsal', 'viewer');
    const view = await screen.findByTestId('view-rehearsal');
    await screen.findByTestId('rehearsal-service-gateway');
    expect(screen.getByTestId('rehearsal-readonly').textContent).toBe('Read-only display: the platform is driven from an operator screen.');
    expect(within(view).queryAllByRole('button')).toEqual([]);
    expect(within(view).queryAllByRole('combobox')).toEqual([]);
    expect(screen.getByTestId('scenario-timeline')).toBeTruthy();
    expect(screen.getAllByTestId('rehearsal-log-entry').some((entry) => entry.textContent?.includes('scenario gateway-overload started'))).toBe(true);
    expect(screen.getByTestId('rehearsal-scenarios').textContent).toContain('Database failover');
  });

  it('draws the scenario timeline with each step’s state and a cursor that advances at the scenario’s speed', async () => {
    await shared.call('rehearsal.scenario.start', { name: 'gateway-overload', speed: 10 });
    const scenario = (await statusOf(shared)).scenario!;
    // The screen's clock is frozen 3 s (30 s of scenario time) after the platform started the scenario.
    vi.useFakeTimers({ now: scenario.startedAt + 3_000, toFake: ['Date', 'setInterval', 'clearInterval'] });
    open();
    const timeline = await screen.findByTestId('scenario-timeline');
    expect(timeline.dataset.state).toBe('running');
    expect(timeline.textContent).toContain(scenario.title);
    expect(timeline.textContent).toContain('Playing at 10×');
    const rows = within(timeline).getAllByTestId('timeline-step');
    expect(rows.map((row) => row.dataset.atMs)).toEqual(scenario.steps.map((step) => String(step.atMs)));
    expect(rows[0]?.textContent).toContain(scenario.steps[0]!.say);
    const axisMs = Math.ceil((scenario.steps.at(-1)!.atMs + 1) / 30_000) * 30_000;
    const markers = within(timeline).getAllByTestId('timeline-marker');
    expect(markers.map((marker) => marker.style.left)).toEqual(scenario.steps.map((step) => `${(step.atMs / axisMs) * 100}%`));

    const cursor = () => screen.getByTestId('timeline-now');
    expect(cursor().dataset.elapsedMs).toBe('30000');
    await act(() => vi.advanceTimersByTimeAsync(3_000));
    expect(cursor().dataset.elapsedMs).toBe('60000');
    expect(cursor().textContent).toBe('now 1:00');
    expect(cursor().style.left).toBe(`${(60_000 / axisMs) * 100}%`);
  });

  it('has no cursor once the scenario stopped', async () => {
    await shared.call('rehearsal.scenario.start', { name: 'gateway-overload', speed: 1 });
    await shared.call('rehearsal.scenario.stop', {});
    open();
    const timeline = await screen.findByTestId('scenario-timeline');
    expect(timeline.textContent).toContain('Stopped');
    expect(screen.queryByTestId('timeline-now')).toBeNull();
  });

  it('stops and resets the platform, plays a scenario at the chosen speed and stops it', async () => {
    const core = open();
    fireEvent.click(await screen.findByTestId('rehearsal-reset'));
    await waitFor(() => expect(screen.getByTestId('rehearsal-stop')).toHaveProperty('disabled', false));
    fireEvent.click(screen.getByTestId('scenario-speed-60'));
    expect(screen.getByTestId('scenario-play-service-crash').textContent).toBe('Play 60×');
    fireEvent.click(screen.getByTestId('scenario-play-service-crash'));
    await waitFor(() => expect(screen.getByTestId('scenario-stop')).toHaveProperty('disabled', false));
    expect((await statusOf(core)).scenario).toMatchObject({ name: 'service-crash', speed: 60 });
    fireEvent.click(screen.getByTestId('scenario-stop'));
    await waitFor(() => expect(rehearsalCalls(core)).toHaveLength(3));
    await waitFor(async () => expect((await statusOf(core)).scenario?.state).toBe('stopped'));
    fireEvent.click(screen.getByTestId('rehearsal-stop'));
    await waitFor(() => expect(screen.getByTestId('rehearsal-state').dataset.state).toBe('stopped'));
    expect(rehearsalCalls(core)).toEqual([
      { name: 'rehearsal.reset', input: {} },
      { name: 'rehearsal.scenario.start', input: { name: 'service-crash', speed: 60 } },
      { name: 'rehearsal.scenario.stop', input: {} },
      { name: 'rehearsal.stop', input: {} },
    ]);
  });
});

describe('Rehearsal view without a platform', () => {
  it('says why the platform is stopped and offers to start it', async () => {
    const core = openOwn({ core: { rehearsal: 'auto', rehearsalLaunch: { anyPort: true, topologyFile: '/nonexistent/platform.yaml' } } });
    const state = await until(core, (s) => s.state === 'stopped' && s.reason !== 'not started');
    const reason = await screen.findByTestId('rehearsal-reason');
    await waitFor(() => expect(reason.textContent).toBe(state.state === 'stopped' ? state.reason : ''));
    expect(reason.textContent).toContain('/nonexistent/platform.yaml');
    expect(screen.getByTestId('rehearsal-state').textContent).toBe('Stopped');
    expect(screen.queryByTestId('rehearsal-stop')).toBeNull();
    expect(screen.queryByTestId('rehearsal-services')).toBeNull();
    const start = screen.getByTestId('rehearsal-start');
    fireEvent.click(start);
    expect(start).toHaveProperty('disabled', true);
    await waitFor(() => expect(core.inputs('rehearsal.start')).toEqual([{}]));
    // It fails again, for the same reason, and the button is back.
    await waitFor(() => expect(screen.getByTestId('rehearsal-start')).toHaveProperty('disabled', false), { timeout: 10_000 });
    expect(screen.getByTestId('rehearsal-reason').textContent).toContain('/nonexistent/platform.yaml');
  });

  it('says since when a platform it follows is unreachable', async () => {
    const core = startTestCore({ core: { rehearsal: 'attach' } });
    cleanups.push(() => core.close());
    // A platform another process started, found through its state file; then it dies.
    const platform = await launchPlatform({ stateFile: join(core.dir, 'data', 'rehearsal', 'platform.json'), anyPort: true });
    cleanups.push(() => platform.kill(0));
    await until(core, (s) => s.state === 'running');
    cleanups.push(renderApp(core, '#/rehearsal').stop);
    await screen.findByTestId('rehearsal-service-gateway');
    await platform.kill(0);
    const state = await until(core, (s) => s.state === 'unreachable');
    await waitFor(() => expect(screen.getByTestId('rehearsal-state').dataset.state).toBe('unreachable'));
    // The screen's clock moves on to 3 min 05 s after the core's "since".
    const since = state.state === 'unreachable' ? state.since : 0;
    // Only Date is faked: the screen's own once-a-second timer (already running) picks it up.
    vi.useFakeTimers({ now: since + 185_000, toFake: ['Date'] });
    const reason = screen.getByTestId('rehearsal-reason');
    expect(reason.textContent).toContain(state.state === 'unreachable' ? state.reason : '');
    // Within a second: the screen counts from the core's "since" corrected by its own clock offset.
    await waitFor(() => expect(reason.textContent).toMatch(/since \d\d:\d\d:\d\d \(3 min 0[45] s ago\)/), { timeout: 3000 });
    expect(screen.getByTestId('rehearsal-state').dataset.state).toBe('unreachable');
    expect(screen.getByTestId('rehearsal-start')).toBeTruthy();
  });

  it('is in the nav after the log', async () => {
    openOwn({}, '#/board');
    await screen.findByTestId('view-board');
    const links = screen.getAllByRole('link').filter((link) => link.dataset.testid?.startsWith('nav-'));
    expect(links.map((link) => link.dataset.testid).slice(-2)).toEqual(['nav-log', 'nav-rehearsal']);
    expect(screen.getByTestId('nav-rehearsal').getAttribute('href')).toBe('#/rehearsal');
  });

  it('shows no rehearsal line on the board when the platform is not running', async () => {
    openOwn({}, '#/board');
    await screen.findByTestId('view-board');
    expect(screen.queryByTestId('board-rehearsal-summary')).toBeNull();
  });
});

describe('Board', () => {
  it('points to the rehearsal platform while it runs, with how many services are ready', async () => {
    await fault(shared, 'cache', { kind: 'stop' });
    await shared.call('rehearsal.scenario.start', { name: 'gateway-overload', speed: 1 });
    const status = await statusOf(shared);
    const ready = status.services.filter((service) => service.ready).length;
    open('#/board');
    const summary = await screen.findByTestId('board-rehearsal-summary');
    expect(summary.getAttribute('href')).toBe('#/rehearsal');
    expect(summary.textContent).toContain(`Rehearsal platform: ${ready}/${status.services.length} services ready`);
    expect(ready).toBeLessThan(status.services.length);
    expect(summary.textContent).toContain(`Scenario playing: ${status.scenario!.title}`);
    // The tiles show what the probes found (nothing: this core does not probe), not what the platform reports.
    expect(screen.getByTestId('service-tile-api').dataset.status).toBe('unknown');
    await shared.call('rehearsal.stop', {});
    await waitFor(() => expect(screen.queryByTestId('board-rehearsal-summary')).toBeNull());
  });
});

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
