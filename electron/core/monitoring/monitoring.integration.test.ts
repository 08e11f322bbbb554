/**
 * Reading Prometheus end to end: the rehearsal platform on free ports, a real Prometheus (Debian's
 * binary) scraping it every second, a real core on a temp data dir. Query tiles read real values,
 * the monitoring check sees every target and the loaded rules, a short real load run samples the
 * platform's resources (which move under the load) into the store and its HTML report, and a
 * Prometheus that goes away turns every tile into "Prometheus unreachable", never a stale green.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitoringOverview } from '../../../shared/domain/monitoring.js';
import type { CommandName, CommandInput, CommandOutput } from '../../../shared/contract/commands.js';
import { parseConfigText } from '../config/load-config.js';
import { createCore, type Core } from '../core.js';
import { silentLogger } from '../logger.js';
import { smallTopology } from '../../platform/platform-test-support.js';
import { startPlatform, type RunningPlatform } from '../../platform/platform.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { eventually } from './testing/metrics-exporter.js';
import { startPrometheus, type TestPrometheus } from './testing/real-prometheus.js';

const RULES = `groups:
  - name: platform
    rules:
      - alert: ServiceDown
        expr: up{job="platform"} == 0
        for: 10s
`;

function configText(platform: RunningPlatform, prometheusUrl: string): string {
  return `version: 1
name: monitoring test
defaultEnvironment: test
environments:
  test: { label: Test }
services:
  planner: { name: Planner, baseUrl: "http://127.0.0.1:${platform.ports.planner}" }
  gateway: { name: Gateway, baseUrl: "http://127.0.0.1:${platform.ports.gateway}" }
probes:
  standard: false
load:
  scenarios:
    echo:
      service: planner
      requests:
        - { name: GET /api/echo, path: /api/echo }
  profiles:
    burst: { model: open, rate: 150, duration: 6s }
monitoring:
  prometheus:
    test: { url: "${prometheusUrl}", timeout: 2s }
  sampleInterval: 1s
  tiles:
    ready:
      title: Services ready
      query: sum(service_ready{job="platform"})
      unit: count
      warn: 2
      bad: 1
      direction: below
    requests:
      title: Requests
      kind: range
      query: sum(rate(http_requests_total{job="platform"}[5s]))
      unit: per-second
      range: 2m
    missing:
      title: Nothing here
      query: nothing_like_this_metric
  resources:
    cpu: { title: CPU, query: 'sum by (service) (rate(process_cpu_seconds_total{job="platform"}[3s]))', unit: cores }
    memory: { title: Memory, query: 'sum by (service) (process_resident_memory_bytes{job="platform"})', unit: bytes }
    pool: { title: Connection pool in use, query: 'sum by (service) (db_pool_connections_in_use{job="platform"})', unit: count }
    cache: { title: Cache memory, query: 'sum by (service) (cache_memory_bytes{job="platform"})', unit: bytes }
`;
}

describe('monitoring against a real Prometheus scraping the rehearsal platform', () => {
  let platform: RunningPlatform;
  let prometheus: TestPrometheus;
  let core: Core;
  const dir = makeTempDir();

  async function call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
    const result = await core.dispatch(name, input, { role: 'operator', transport: 'memory' });
    if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
    return result.value;
  }

  beforeAll(async () => {
    platform = await startPlatform({ topology: smallTopology({ medianMs: 5, p99Ms: 20 }), scenarios: {}, anyFreePort: true, controlPort: 0 });
    prometheus = await startPrometheus({
      targets: Object.entries(platform.ports).map(([service, port]) => ({ job: 'platform', address: `127.0.0.1:${port}`, labels: { component: service } })),
      rules: RULES,
    });
    const loaded = { config: parseConfigText(configText(platform, prometheus.url), 'warroom.yaml'), path: `${dir.path}/warroom.yaml`, bundled: false };
    core = createCore({ loaded, dataDir: dir.path, shell: 'test', ownership: 'owner', logger: silentLogger, probing: false });
    // Wait for the first scrapes of every service.
    await eventually(
      () => call('monitoring.getStatus', { fresh: true }),
      (status) => status?.targetsUp === 3,
    );
  }, 90_000);

  afterAll(async () => {
    await core?.close();
    await prometheus?.close();
    await platform?.close();
    dir.remove();
  });

  it('reads instant tiles as values with their state, range tiles as lines, and no data as such', async () => {
    // Before the first read (no timer in this core): every tile is pending, not an error.
    expect((await call('monitoring.get', {})).tiles.map((t) => [t.state, t.detail])).toEqual(Array.from({ length: 3 }, () => ['pending', 'not read yet']));
    // A rate needs two scrapes of the counter: wait for them rather than for a time.
    const overview: MonitoringOverview = await eventually(
      () => call('monitoring.get', { fresh: true }),
      (answer) => (answer.tiles.find((t) => t.id === 'requests')!.series[0]?.points.length ?? 0) >= 2,
    );
    expect(overview.prometheusUrl).toBe(prometheus.url);
    const tiles = Object.fromEntries(overview.tiles.map((t) => [t.id, t]));
    expect(tiles.ready).toMatchObject({ state: 'ok', value: 3, unit: 'count', detail: '' });
    expect(tiles.requests!.kind).toBe('range');
    expect(tiles.requests!.series).toHaveLength(1);
    expect(tiles.requests!.series[0]!.points.length).toBeGreaterThan(1);
    expect(tiles.missing).toMatchObject({ state: 'no-data', value: null, detail: 'no data' });
    // The last reading is kept for callers that do not ask for a fresh one.
    expect((await call('monitoring.get', {})).tiles.map((t) => t.state)).toEqual(overview.tiles.map((t) => t.state));
  }, 30_000);

  it('checks the monitoring: Prometheus up, every target up, the alert rules loaded, stored as evidence', async () => {
    const status = await call('monitoring.getStatus', { fresh: true });
    expect(status).toMatchObject({ ok: true, prometheusUp: true, targetsUp: 3, targetsTotal: 3, ruleGroups: 1, rules: 1, detail: '' });
    expect(await call('monitoring.getStatus', {})).toMatchObject({ ok: true, environment: 'test' });
  }, 30_000);

  it('samples the resources during a real load run, where they move, and draws them in its report', async () => {
    const run = await call('load.start', { profile: 'burst', actor: 'ana' });
    const ended = await eventually(
      () => call('load.getRun', { runId: run.id }),
      (detail) => detail.run.state !== 'running',
      60_000,
    );
    expect(ended.run.state).toBe('passed');

    const { resources } = await call('monitoring.getRunResources', { runId: run.id });
    expect(resources.map((r) => r.resource)).toEqual(['cpu', 'memory', 'pool', 'cache']);
    const memory = resources.find((r) => r.resource === 'memory')!;
    const planner = memory.series.find((s) => s.name === 'service=planner')!;
    // Sampled at the start, about every second, and at the end.
    expect(planner.points.length).toBeGreaterThanOrEqual(4);
    const values = planner.points.map(([, v]) => v);
    expect(Math.max(...values)).toBeGreaterThan(values[0]! + 1024 * 1024);
    const cpu = resources.find((r) => r.resource === 'cpu')!;
    const plannerCpu = cpu.series.find((s) => s.name === 'service=planner')!.points.map(([, v]) => v);
    const gatewayCpu = cpu.series.find((s) => s.name === 'service=gateway')!.points.map(([, v]) => v);
    // The loaded service burns more CPU than the idle one.
    expect(Math.max(...plannerCpu)).toBeGreaterThan(Math.max(...gatewayCpu) * 2);
    expect(planner.points.every(([at]) => at >= run.startedAt && at <= ended.run.endedAt!)).toBe(true);

    const report = await call('load.report', { runId: run.id, format: 'html' });
    expect(report.content).toContain('<h2>Resources</h2>');
    for (const title of ['CPU', 'Memory', 'Connection pool in use', 'Cache memory']) expect(report.content).toContain(`<span class="chart-title">${title}</span>`);
    expect(report.content).toContain('service=planner');
    const json = JSON.parse((await call('load.report', { runId: run.id, format: 'json' })).content) as { resources: unknown[] };
    expect(json.resources).toHaveLength(4);

    const { rows } = await call('monitoring.compareRuns', { baseRunId: run.id, runId: run.id });
    expect(rows.find((r) => r.resource === 'memory' && r.series === 'service=planner')).toMatchObject({ peakChangePercent: 0 });
  }, 90_000);

  it('shows every tile as "Prometheus unreachable" once Prometheus is gone, never the last good value', async () => {
    await prometheus.close();
    const overview = await call('monitoring.get', { fresh: true });
    const unreachable = `Prometheus unreachable (${prometheus.url.slice('http://'.length)}): connection refused`;
    for (const tile of overview.tiles) {
      // Not the rehearsal stack's address: nothing to suggest.
      expect(tile).toMatchObject({ state: 'error', value: null, detail: unreachable, hint: '' });
    }
    expect(await call('monitoring.getStatus', { fresh: true })).toMatchObject({ ok: false, prometheusUp: false, detail: unreachable });
  }, 30_000);
});
