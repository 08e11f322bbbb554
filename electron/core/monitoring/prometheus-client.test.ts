import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startSilentPort, type SilentPort } from '../probes/testing/ports.js';
import { pooled, startCuttingServer } from '../net/testing/cutting-server.js';
import { createPrometheusClient, PrometheusError } from './prometheus-client.js';
import { startFakePrometheus, vectorAnswer, type FakePrometheus } from './testing/fake-prometheus.js';
import { eventually, startExporter, type TestExporter } from './testing/metrics-exporter.js';
import { startPrometheus, type TestPrometheus } from './testing/real-prometheus.js';

async function expectFailure(promise: Promise<unknown>): Promise<PrometheusError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PrometheusError);
  return error as PrometheusError;
}

describe('prometheus client against the real prometheus binary', () => {
  let prometheus: TestPrometheus;
  let exporter: TestExporter;
  let deadPort: number;

  beforeAll(async () => {
    exporter = await startExporter('# TYPE demo_value gauge\ndemo_value{pool="a"} 42\ndemo_value{pool="b"} 84\n');
    deadPort = await freePort();
    prometheus = await startPrometheus({
      targets: [
        { job: 'demo', address: exporter.address },
        { job: 'gone', address: `127.0.0.1:${deadPort}` },
      ],
      rules: 'groups:\n  - name: demo\n    rules:\n      - alert: DemoHigh\n        expr: demo_value > 1000\n',
    });
  }, 60_000);
  afterAll(async () => {
    await prometheus?.close();
    await exporter?.close();
  });

  const client = () => createPrometheusClient({ url: prometheus.url, timeout: 5000 }, {});

  it('answers an instant query with one sample per series, labels kept', async () => {
    const samples = await eventually(() => client().query('demo_value'), (s) => s.length === 2);
    expect(samples.map((s) => [s.labels.pool, s.value]).sort()).toEqual([
      ['a', 42],
      ['b', 84],
    ]);
    expect(await client().query('sum(demo_value)')).toEqual([{ labels: {}, value: 126 }]);
    expect(await client().query('scalar(sum(demo_value))')).toEqual([{ labels: {}, value: 126 }]);
  }, 30_000);

  it('answers a range query as points in epoch ms', async () => {
    await eventually(() => client().query('demo_value'), (s) => s.length === 2);
    const end = Date.now();
    const series = await client().queryRange('sum(demo_value)', { start: end - 60_000, end, stepMs: 1000 });
    expect(series).toHaveLength(1);
    const points = series[0]!.points;
    expect(points.length).toBeGreaterThan(0);
    expect(points.at(-1)![0]).toBeGreaterThan(end - 60_000);
    expect(points.at(-1)![1]).toBe(126);
  }, 30_000);

  it('lists targets with their health, and the loaded rule groups', async () => {
    const targets = await eventually(() => client().targets(), (t) => t.length === 2 && t.every((x) => x.health !== 'unknown'));
    expect(targets.find((t) => t.job === 'demo')!.health).toBe('up');
    const gone = targets.find((t) => t.job === 'gone')!;
    expect(gone.health).toBe('down');
    expect(gone.lastError).not.toBe('');
    expect(await client().ruleGroups()).toEqual([{ name: 'demo', rules: 1 }]);
  }, 30_000);

  it('refuses a bad query with the reason Prometheus gave', async () => {
    const error = await expectFailure(client().query('sum(('));
    expect(error.reason).toBe('refused');
    expect(error.message).toMatch(/^query refused: bad_data: .*parse error/);
  });
});

describe('prometheus client failure states', () => {
  let fake: FakePrometheus;
  let silent: SilentPort;
  beforeAll(async () => {
    fake = await startFakePrometheus(vectorAnswer([{ value: '1' }]));
    silent = await startSilentPort();
  });
  afterAll(async () => {
    await fake.close();
    await silent.close();
  });

  it('says Prometheus is unreachable when nothing listens', async () => {
    const port = await freePort();
    const error = await expectFailure(createPrometheusClient({ url: `http://127.0.0.1:${port}`, timeout: 2000 }, {}).query('up'));
    expect(error.message).toBe(`Prometheus unreachable (127.0.0.1:${port}): connection refused`);
  });

  it('times out against a Prometheus that never answers', async () => {
    const error = await expectFailure(createPrometheusClient({ url: `http://127.0.0.1:${silent.port}`, timeout: 300 }, {}).query('up'));
    expect(error.reason).toBe('timeout');
    expect(error.message).toBe('Prometheus timed out after 300 ms');
  });

  it('names the status of an error answer, with the API error when there is one', async () => {
    const client = createPrometheusClient({ url: fake.url, timeout: 2000 }, {});
    fake.answer({ status: 503, body: 'Service Unavailable', contentType: 'text/plain' });
    expect((await expectFailure(client.query('up'))).message).toBe('Prometheus answered 503');
    fake.answer({ status: 503, body: JSON.stringify({ status: 'error', errorType: 'unavailable', error: 'TSDB not ready' }) });
    expect((await expectFailure(client.query('up'))).message).toBe('Prometheus answered 503: unavailable: TSDB not ready');
  });

  it('calls a body it cannot read malformed', async () => {
    const client = createPrometheusClient({ url: fake.url, timeout: 2000 }, {});
    fake.answer({ status: 200, body: '<html>proxy login</html>', contentType: 'text/html' });
    expect((await expectFailure(client.query('up'))).message).toMatch(/^malformed answer: not JSON/);
    fake.answer({ status: 200, body: JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, 2] }] } }) });
    expect((await expectFailure(client.query('up'))).message).toMatch(/^malformed answer: /);
    fake.answer({ status: 200, body: JSON.stringify({ hello: 'world' }) });
    expect((await expectFailure(client.query('up'))).message).toMatch(/^malformed answer: status/);
  });

  it('sends the bearer token from the named variable, and refuses to call without it', async () => {
    fake.answer(vectorAnswer([{ value: '7' }]));
    const withToken = createPrometheusClient({ url: fake.url, tokenEnv: 'PROM_TOKEN', timeout: 2000 }, { PROM_TOKEN: 's3cret' });
    expect(await withToken.query('up')).toEqual([{ labels: {}, value: 7 }]);
    expect(fake.requests.at(-1)!.authorization).toBe('Bearer s3cret');
    const without = createPrometheusClient({ url: fake.url, tokenEnv: 'PROM_TOKEN', timeout: 2000 }, {});
    expect((await expectFailure(without.query('up'))).message).toBe('Prometheus token not set: PROM_TOKEN is empty');
  });

  it('leaves NaN and infinite samples out instead of passing them on', async () => {
    fake.answer(vectorAnswer([{ value: 'NaN' }, { value: '+Inf' }, { value: '3.5' }]));
    expect(await createPrometheusClient({ url: fake.url, timeout: 2000 }, {}).query('x')).toEqual([{ labels: {}, value: 3.5 }]);
  });
});

const VECTOR = JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { pool: 'a' }, value: [1, '7'] }] } });

describe('prometheus client on a kept-alive connection the server cut', () => {
  it('asks again on a fresh connection and gets the answer', async () => {
    const server = await startCuttingServer(VECTOR);
    try {
      const client = createPrometheusClient({ url: server.url, timeout: 3000 }, {});
      expect(await client.query('up')).toEqual([{ labels: { pool: 'a' }, value: 7 }]);
      await pooled();
      expect(await client.query('up')).toEqual([{ labels: { pool: 'a' }, value: 7 }]);
      expect(server.connections()).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('says "connection refused" of a Prometheus that stopped, not "other side closed"', async () => {
    const server = await startCuttingServer(VECTOR, { stopAtCut: true });
    try {
      const client = createPrometheusClient({ url: server.url, timeout: 3000 }, {});
      expect(await client.query('up')).toHaveLength(1);
      await pooled();
      const error = await expectFailure(client.query('up'));
      expect(error.message).toBe(`Prometheus unreachable (127.0.0.1:${server.port}): connection refused`);
    } finally {
      await server.close();
    }
  });
});
