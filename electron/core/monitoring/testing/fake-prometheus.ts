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
  answer(next: CannedAnswer): void;
  /** Requests seen, with their Authorization header. */
  readonly requests: { path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

export async function startFakePrometheus(initial: CannedAnswer): Promise<FakePrometheus> {
  let current = initial;
  const requests: { path: string; authorization: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ path: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(current.status, { 'content-type': current.contentType ?? 'application/json' });
    res.end(current.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answer: (next) => (current = next),
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
