/**
 * The bundled rehearsal config's monitoring, checked for real: the rehearsal platform, the
 * rehearsal stack's Prometheus (Debian's binary, free loopback port, 1 s scrapes, the shipped
 * alert rules) and a core on resources/rehearsal.yaml with only the Prometheus URL moved to that
 * port. Every query tile and every resource query answers a number for every service (not "no
 * data", not a refused query), the board's monitoring criterion is met from the real check, and
 * once Prometheus is gone every tile says "Prometheus unreachable", never its last value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandInput, CommandName, CommandOutput } from '../../../../shared/contract/commands.js';
import type { WarroomConfig } from '../../../../shared/domain/config.js';
import type { MonitoringOverview } from '../../../../shared/domain/monitoring.js';
import { loadConfigFile } from '../../config/load-config.js';
import type { CoreParts } from '../../core.js';
import { createPrometheusClient } from '../../monitoring/prometheus-client.js';
import { makeCoreParts, REHEARSAL_CONFIG } from '../../testing/make-core.js';
import { createPlatformClient } from '../platform-client.js';
import type { LaunchedPlatform } from '../platform-launcher.js';
import type { MonitoringStack } from './monitoring-stack.js';
import { apiTraffic, startRehearsalRig } from './testing/rehearsal-rig.js';
import type { RehearsalRig } from './testing/rehearsal-rig.js';

const operator = { role: 'operator', transport: 'memory' } as const;
/** Tiles answering one number for the whole platform; every other tile answers per service. */
const PLATFORM_WIDE = new Set(['services-down']);

let rig: RehearsalRig;
let platform: LaunchedPlatform;
let stack: MonitoringStack;
let core: CoreParts;
let services: string[];
let config: WarroomConfig;
let traffic: { stop(): Promise<void> } | undefined;

async function call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
  const answer = await core.dispatch(name, input, operator);
  if (!answer.ok) throw new Error(`${name}: ${answer.error.code} ${answer.error.message}`);
  return answer.value;
}

/** Polls until `done` holds (real processes take real time), else fails with the last answer. */
async function eventually<T>(what: string, look: () => Promise<T>, done: (value: T) => boolean, withinMs = 60_000, describe: (value: T) => unknown = (value) => value): Promise<T> {
  const deadline = Date.now() + withinMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await look();
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} did not happen within ${withinMs} ms; last: ${JSON.stringify(last === undefined ? last : describe(last)).slice(0, 2000)}`);
}

const servicesOf = (names: readonly string[]) => names.map((name) => /service=([^,]+)/.exec(name)?.[1]).sort();

beforeAll(async () => {
  rig = await startRehearsalRig();
  ({ platform, stack } = rig);
  services = Object.keys(platform.ports).sort();
  const loaded = loadConfigFile(REHEARSAL_CONFIG, { bundled: true });
  const monitoring = loaded.config.monitoring!;
  monitoring.prometheus.rehearsal = { ...monitoring.prometheus.rehearsal!, url: stack.prometheusUrl };
  config = loaded.config;
  core = makeCoreParts({ loaded, dataDir: rig.temp.path, probing: false });
  // Real API requests to every service, a few a second each: the API tiles' traffic.
  traffic = apiTraffic(platform.ports, { path: '/api/warroom-check', everyMs: 200 });
}, 120_000);

afterAll(async () => {
  await traffic?.stop();
  await core?.close();
  await rig?.close();
}, 60_000);

describe('the bundled rehearsal monitoring against the real stack', () => {
  it('configures the rehearsal Prometheus on 127.0.0.1:9190 with tiles and resource queries', () => {
    const monitoring = loadConfigFile(REHEARSAL_CONFIG, { bundled: true }).config.monitoring!;
    expect(monitoring.prometheus.rehearsal).toMatchObject({ url: 'http://127.0.0.1:9190' });
    expect(Object.keys(monitoring.tiles)).toEqual(
      expect.arrayContaining(['services-down', 'error-rate', 'p95-latency', 'request-rate', 'cpu', 'memory', 'db-pool', 'cache-memory', 'latency-chart', 'requests-chart']),
    );
    expect(Object.values(monitoring.tiles).filter((t) => t.kind === 'range').length).toBeGreaterThanOrEqual(1);
    expect(monitoring.tiles['p95-latency']).toMatchObject({ unit: 'ms', bad: 500 });
    expect(monitoring.tiles['error-rate']).toMatchObject({ unit: 'percent', bad: 1 });
  });

  it('answers every query tile with a value for every service of the platform', async () => {
    const complete = (t: MonitoringOverview['tiles'][number]) =>
      t.state !== 'error' && t.state !== 'no-data' && (PLATFORM_WIDE.has(t.id) || servicesOf(t.series.map((s) => s.name)).join() === services.join());
    const overview: MonitoringOverview = await eventually(
      'every tile read with every service',
      () => call('monitoring.get', { fresh: true }),
      (answer) => answer.tiles.every(complete),
      60_000,
      (answer) => answer.tiles.filter((t) => !complete(t)).map((t) => `${t.id}: ${t.state} ${t.detail} [${t.series.map((s) => s.name).join('; ')}]`),
    );
    for (const tile of overview.tiles) {
      expect(tile.detail, tile.id).toBe('');
      if (tile.kind === 'instant') expect(tile.value, tile.id).toEqual(expect.any(Number));
      else for (const series of tile.series) expect(series.points.length, `${tile.id} ${series.name}`).toBeGreaterThan(0);
    }
    const tiles = Object.fromEntries(overview.tiles.map((t) => [t.id, t]));
    // Nothing is down or failing; traffic is counted.
    expect(tiles['services-down']).toMatchObject({ state: 'ok', value: 0 });
    expect(tiles['error-rate']).toMatchObject({ state: 'ok', value: 0 });
    // The latency is read in milliseconds: reporting (median 40 ms, p99 250 ms) is the slowest
    // service, so its p95 is well above 25 ms. histogram_quantile interpolates inside a bucket,
    // and a busy machine (CI runs suites side by side) pushes a few of ~300 requests a minute
    // past 250 ms, which reads anywhere in the 250–500 ms bucket (437 ms was seen in CI).
    // Seconds (or a double ×1000) would land below 1 or above 25 000.
    expect(tiles['p95-latency']!.value).toBeGreaterThan(25);
    expect(tiles['p95-latency']!.value).toBeLessThan(2500);
    expect(tiles['request-rate']!.value).toBeGreaterThan(0);
    expect(tiles.memory!.value).toBeGreaterThan(40 * 1024 * 1024);
    expect(tiles['cache-memory']!.value).toBeGreaterThan(1024 * 1024);
    expect(tiles.cpu!.value).toBeGreaterThan(0);
  }, 90_000);

  it('answers every resource query sampled during load runs with a series per service', async () => {
    const client = createPrometheusClient({ url: stack.prometheusUrl, timeout: 3000 }, {});
    for (const [id, resource] of Object.entries(config.monitoring!.resources)) {
      const samples = await eventually(`resource ${id}`, () => client.query(resource.query), (answer) => servicesOf(answer.map((s) => `service=${s.labels.service}`)).join() === services.join());
      expect(samples.every((s) => Number.isFinite(s.value)), id).toBe(true);
    }
  }, 60_000);

  it('meets the board’s automatic "Monitoring and alerting configured" from the real check', async () => {
    const status = await eventually('monitoring in order', () => call('monitoring.getStatus', { fresh: true }), (answer) => answer?.ok === true);
    expect(status).toMatchObject({ prometheusUp: true, targetsUp: services.length, targetsTotal: services.length, rules: 5 });
    const board = await call('board.get', {});
    expect(board.criteria.find((c) => c.id === 'monitoring')).toMatchObject({ kind: 'automatic', state: 'met' });
  }, 60_000);

  it('counts a stopped service on the tiles', async () => {
    await createPlatformClient({ controlUrl: platform.controlUrl, token: platform.token }).fault({ service: 'cache', fault: { kind: 'stop' } });
    const overview = await eventually('cache counted down', () => call('monitoring.get', { fresh: true }), (answer) => answer.tiles.find((t) => t.id === 'services-down')?.value === 1);
    expect(overview.tiles.find((t) => t.id === 'services-down')).toMatchObject({ state: 'bad', value: 1 });
  }, 60_000);

  it('says "Prometheus unreachable" on every tile once Prometheus is gone, never the last value', async () => {
    await stack.stop();
    const overview = await call('monitoring.get', { fresh: true });
    for (const tile of overview.tiles) expect(tile, tile.id).toMatchObject({ state: 'error', value: null, series: [], detail: expect.stringMatching(/^Prometheus unreachable \(127\.0\.0\.1:\d+\): connection refused$/) });
    expect(await call('monitoring.getStatus', { fresh: true })).toMatchObject({ ok: false, prometheusUp: false });
  }, 30_000);
});
