import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../testing/ports.js';
import { checkContext, resolvedProbe } from '../testing/probe-fixtures.js';
import { eventually, startExporter, type TestExporter } from '../../monitoring/testing/metrics-exporter.js';
import { startPrometheus, type TestPrometheus } from '../../monitoring/testing/real-prometheus.js';
import { parsePromqlCondition } from './promql-check.js';
import { runCheck } from './run-check.js';

describe('promql conditions', () => {
  it('reads "value OP number" and nothing else', () => {
    expect(parsePromqlCondition('value < 0.5').holds(0.4)).toBe(true);
    expect(parsePromqlCondition('value<0.5').holds(0.5)).toBe(false);
    expect(parsePromqlCondition(' value >= 1e-3 ').holds(0.001)).toBe(true);
    expect(parsePromqlCondition('value != 0').holds(0)).toBe(false);
    expect(() => parsePromqlCondition('rate < 1')).toThrow(/not a condition/);
  });
});

describe('promql probes against a real Prometheus', () => {
  let prometheus: TestPrometheus;
  let exporter: TestExporter;
  beforeAll(async () => {
    exporter = await startExporter('# TYPE pool_in_use gauge\npool_in_use{service="api"} 3\npool_in_use{service="auth"} 9\n');
    prometheus = await startPrometheus({ targets: [{ job: 'demo', address: exporter.address }] });
    await eventually(
      () => fetch(`${prometheus.url}/api/v1/query?query=pool_in_use`).then((r) => r.json() as Promise<{ data: { result: unknown[] } }>),
      (answer) => answer.data.result.length === 2,
    );
  }, 60_000);
  afterAll(async () => {
    await prometheus?.close();
    await exporter?.close();
  });

  const probe = (query: string, condition: string, url = prometheus.url) =>
    resolvedProbe({ kind: 'promql', query, condition }, { prometheus: { url, timeoutMs: 3000 }, target: url });

  it('is up when every series meets the condition', async () => {
    expect(await runCheck(probe('pool_in_use', 'value < 10'), checkContext())).toMatchObject({ outcome: 'up', detail: '2 series, all (value < 10)' });
    expect(await runCheck(probe('sum(pool_in_use)', 'value == 12'), checkContext())).toMatchObject({ outcome: 'up', detail: '12 (value == 12)' });
  });

  it('is down naming the series that fails', async () => {
    expect(await runCheck(probe('pool_in_use', 'value < 5'), checkContext())).toMatchObject({
      outcome: 'down',
      detail: '9 at instance=' + exporter.address + ', job=demo, service=auth: not value < 5',
    });
  });

  it('is down with "no data" when the query matches nothing', async () => {
    expect(await runCheck(probe('pool_in_use{service="nope"}', 'value < 5'), checkContext())).toMatchObject({ outcome: 'down', detail: 'no data' });
  });

  it('is down with the reason when the query is refused or Prometheus is unreachable', async () => {
    expect(await runCheck(probe('sum((', 'value < 5'), checkContext())).toMatchObject({ outcome: 'down', detail: expect.stringMatching(/^query refused: bad_data/) });
    const gone = `http://127.0.0.1:${await freePort()}`;
    expect(await runCheck(probe('up', 'value == 1', gone), checkContext())).toMatchObject({ outcome: 'down', detail: `Prometheus unreachable (${gone.slice('http://'.length)}): connection refused` });
  });

  it('is down when the environment has no Prometheus', async () => {
    const unconfigured = resolvedProbe({ kind: 'promql', query: 'up', condition: 'value == 1' });
    expect(await runCheck(unconfigured, checkContext())).toMatchObject({ outcome: 'down', detail: 'no Prometheus configured for this environment (monitoring.prometheus)' });
  });
});
