/**
 * A loopback HTTP server that answers Prometheus API paths with whatever a test sets: an error
 * status, a malformed body, a valid answer. For the failure states a real Prometheus will not
 * produce on demand; the happy paths are tested against the real binary.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CannedAnswer {
  status: number;
  body: string;
  contentType?: string;
}

export interface FakePrometheus {
  url: string;
  /** What every path answers from now on (paths given their own answer excepted). */
  answer(next: CannedAnswer): void;
  /** What one API path (e.g. /api/v1/targets) answers from now on. */
  answerPath(path: string, next: CannedAnswer): void;
  /** Requests seen, with their Authorization header. */
  readonly requests: { path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

export async function startFakePrometheus(initial: CannedAnswer): Promise<FakePrometheus> {
  let current = initial;
  const byPath = new Map<string, CannedAnswer>();
  const requests: { path: string; authorization: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ path: req.url ?? '', authorization: req.headers.authorization });
    const canned = byPath.get(new URL(req.url ?? '/', 'http://fake.invalid').pathname) ?? current;
    res.writeHead(canned.status, { 'content-type': canned.contentType ?? 'application/json' });
    res.end(canned.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answer: (next) => {
      current = next;
      byPath.clear();
    },
    answerPath: (path, next) => void byPath.set(path, next),
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A valid instant-vector answer with one sample per value. */
export function vectorAnswer(values: { labels?: Record<string, string>; value: string }[]): CannedAnswer {
  return {
    status: 200,
    body: JSON.stringify({
      status: 'success',
      data: { resultType: 'vector', result: values.map((v) => ({ metric: v.labels ?? {}, value: [Date.now() / 1000, v.value] })) },
    }),
  };
}

/** /api/v1/targets with these targets' health. */
export function targetsAnswer(targets: { job: string; instance: string; health: 'up' | 'down'; lastError?: string }[]): CannedAnswer {
  return {
    status: 200,
    body: JSON.stringify({
      status: 'success',
      data: { activeTargets: targets.map((t) => ({ labels: { job: t.job, instance: t.instance }, scrapePool: t.job, scrapeUrl: `http://${t.instance}/metrics`, health: t.health, lastError: t.lastError ?? '' })), droppedTargets: [] },
    }),
  };
}

/** /api/v1/rules with one group of `rules` alerting rules. */
export function rulesAnswer(rules: number): CannedAnswer {
  return {
    status: 200,
    body: JSON.stringify({ status: 'success', data: { groups: rules === 0 ? [] : [{ name: 'platform', file: 'rules.yml', rules: Array.from({ length: rules }, (_, i) => ({ name: `Alert${i}`, type: 'alerting' })) }] } }),
  };
}
