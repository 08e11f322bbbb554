/** A tiny exporter for tests: serves the Prometheus text a test sets, on a loopback port. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestExporter {
  /** host:port, as a scrape config names it. */
  address: string;
  set(text: string): void;
  close(): Promise<void>;
}

export async function startExporter(initial: string): Promise<TestExporter> {
  let text = initial;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    set: (next) => (text = next),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Polls `read` every 100 ms until `ok`, for what a real Prometheus needs a scrape or two to know. */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
}
