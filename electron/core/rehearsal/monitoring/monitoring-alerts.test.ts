/**
 * The latency and error alerts of the rehearsal, fired for real: the platform on free ports, the
 * rehearsal stack (Debian's Prometheus and Alertmanager, the shipped rules with `for:` shortened as
 * `--fast` does) and a core on the bundled config reading that Alertmanager. Rehearsal faults make
 * the planner fail half its API requests (HighErrorRate, > 1 %) and the task runner answer in about
 * 800 ms (HighAPILatency, P95 > 500 ms) under real API traffic; each reaches Warroom with its
 * runbook. Then the faults are cleared and both alerts resolve.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertsState } from '../../../../shared/domain/alerts.js';
import { MonitoringConfigSchema } from '../../../../shared/domain/monitoring.js';
import { loadConfigFile } from '../../config/load-config.js';
import type { CoreParts } from '../../core.js';
import { makeCoreParts, REHEARSAL_CONFIG } from '../../testing/make-core.js';
import { createPlatformClient } from '../platform-client.js';
import type { PlatformClient } from '../platform-client.js';
import { apiTraffic, startRehearsalRig } from './testing/rehearsal-rig.js';
import type { RehearsalRig } from './testing/rehearsal-rig.js';

const operator = { role: 'operator', transport: 'memory' } as const;

let rig: RehearsalRig;
let control: PlatformClient;
let core: CoreParts;
let traffic: { stop(): Promise<void> } | undefined;

async function alerts(): Promise<AlertsState> {
  const answer = await core.dispatch('alerts.list', { refresh: true }, operator);
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value;
}

/** Polls until `look` finds something (real daemons take real time), or fails after `withinMs`. */
async function eventually<T>(what: string, look: () => Promise<T | undefined>, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const found = await look();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} did not happen within ${withinMs} ms`);
}

const firing = (state: AlertsState, name: string, service: string) => state.alerts.find((a) => a.name === name && a.service === service && a.status === 'active');

beforeAll(async () => {
  rig = await startRehearsalRig({ alertForMs: 5000 });
  control = createPlatformClient({ controlUrl: rig.platform.controlUrl, token: rig.platform.token });
  const loaded = loadConfigFile(REHEARSAL_CONFIG, { bundled: true });
  loaded.config.monitoring = MonitoringConfigSchema.parse({ alertmanager: { rehearsal: { url: rig.stack.alertmanagerUrl, timeout: 3000, pollInterval: 60_000 } } });
  core = makeCoreParts({ loaded, dataDir: rig.temp.path });
}, 120_000);

afterAll(async () => {
  await traffic?.stop();
  await core?.close();
  await rig?.close();
}, 60_000);

describe('HighErrorRate and HighAPILatency from rehearsal faults, with real Prometheus and Alertmanager', () => {
  it('fires both under API traffic, each on its own service and with its runbook', async () => {
    await control.fault({ service: 'planner', fault: { kind: 'errors', rate: 0.5 } });
    await control.fault({ service: 'task-runner', fault: { kind: 'slow', medianMs: 800, p99Ms: 1200 } });
    // About ten API requests a second to each, not waiting for slow answers before the next.
    traffic = apiTraffic(rig.platform.ports, { path: '/api/v1/warroom-check', everyMs: 100, services: ['planner', 'task-runner', 'identity'] });
    const startedAt = Date.now();
    const state = await eventually(
      'HighErrorRate on planner and HighAPILatency on task-runner in Warroom',
      async () => {
        const now = await alerts();
        return firing(now, 'HighErrorRate', 'planner') && firing(now, 'HighAPILatency', 'task-runner') ? now : undefined;
      },
      90_000,
    );
    // Bounded: the rules' window is a minute, `for:` 5 s, evaluation every second.
    expect(Date.now() - startedAt).toBeLessThan(90_000);
    expect(firing(state, 'HighErrorRate', 'planner')).toMatchObject({ severity: 'critical', runbookId: 'high-error-rate', annotations: { summary: 'planner error rate over 1 %' } });
    expect(firing(state, 'HighAPILatency', 'task-runner')).toMatchObject({ severity: 'warning', runbookId: 'high-latency', annotations: { summary: 'task-runner P95 latency over 500 ms' } });
    // Only the services with a fault: the healthy one under the same traffic stays quiet, and nothing is down.
    const names = state.alerts.filter((a) => a.status === 'active').map((a) => `${a.name} ${a.service}`);
    expect(names.filter((n) => /^(HighErrorRate|HighAPILatency)/.test(n)).sort()).toEqual(['HighAPILatency task-runner', 'HighErrorRate planner']);
    expect(names.some((n) => n.startsWith('ServiceDown'))).toBe(false);
  }, 120_000);

  it('resolves both once the faults are cleared', async () => {
    await control.fault({ service: 'planner', fault: { kind: 'clear' } });
    await control.fault({ service: 'task-runner', fault: { kind: 'clear' } });
    // The one-minute rate window has to move past the faulty requests.
    await eventually(
      'both alerts resolved',
      async () => {
        const now = await alerts();
        return !firing(now, 'HighErrorRate', 'planner') && !firing(now, 'HighAPILatency', 'task-runner') ? now : undefined;
      },
      150_000,
    );
    const history = await core.dispatch('alerts.history', { service: 'planner' }, operator);
    expect(history).toMatchObject({ ok: true, value: [{ name: 'HighErrorRate', service: 'planner', resolvedAt: expect.any(Number) }] });
  }, 180_000);
});
