/**
 * Helpers for the platform's tests (no vitest import, so it type-checks with the core): raw HTTP
 * requests on fresh connections, a control-API client, fake timers and a small topology.
 */
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import type { PlatformStatus, PlatformTopology } from '../../shared/domain/rehearsal.js';
import { PlatformTopologySchema } from '../../shared/domain/rehearsal.js';
import type { Clock } from '../core/clock.js';
import { defaultResourcesDir } from '../core/paths.js';
import { loadPlatformTopology, loadScenarioCatalog } from './load-platform-files.js';
import type { ScenarioCatalog } from './load-platform-files.js';
import type { RunningPlatform } from './platform.js';
import type { TimerHandle, Timers } from './timers.js';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Wall time from sending to the last byte, in ms. */
  elapsedMs: number;
  json<T = Record<string, unknown>>(): T;
}

/** One request on a new connection (agent: false), so a stopped port is really dialled again. */
export function httpRequest(options: {
  port: number;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      { host: '127.0.0.1', port: options.port, path: options.path, method: options.method ?? 'GET', headers: options.headers, agent: false, timeout: options.timeoutMs ?? 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, elapsedMs: performance.now() - started, json: <T>() => JSON.parse(text) as T });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request to port ${options.port}${options.path} timed out`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** JSON request helper: sets content-type and serialises the body. */
export function jsonRequest(port: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return httpRequest({
    port,
    path,
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Calls the control API with the platform's token. */
export function controlClient(platform: Pick<RunningPlatform, 'controlUrl' | 'token'>) {
  const port = Number(new URL(platform.controlUrl).port);
  const call = (method: string, path: string, body?: unknown) => jsonRequest(port, method, path, body, { authorization: `Bearer ${platform.token}` });
  return {
    port,
    call,
    async status(): Promise<PlatformStatus> {
      return (await call('GET', '/status')).json<PlatformStatus>();
    },
    async fault(service: string, fault: Record<string, unknown>): Promise<HttpAnswer> {
      return call('POST', '/faults', { service, fault });
    },
  };
}

/** Timers driven by a fake clock: advance() fires what falls due, in time order. */
export function fakeTimers(clock: Clock & { set(at: number): void }): Timers & { advance(ms: number): void; pending(): number } {
  let nextId = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  return {
    setTimeout(fn, ms) {
      nextId += 1;
      due.set(nextId, { at: clock.now() + Math.max(0, ms), fn });
      return nextId;
    },
    clearTimeout(handle: TimerHandle) {
      due.delete(handle as number);
    },
    advance(ms) {
      const until = clock.now() + ms;
      for (;;) {
        const next = [...due.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!next) break;
        due.delete(next[0]);
        clock.set(next[1].at);
        next[1].fn();
      }
      clock.set(until);
    },
    pending: () => due.size,
  };
}

/** The topology and scenarios that ship with the app. */
export function bundledPlatformFiles(): { topology: PlatformTopology; scenarios: ScenarioCatalog } {
  const dir = join(defaultResourcesDir(), 'rehearsal');
  const topology = loadPlatformTopology(join(dir, 'platform.yaml'));
  return { topology, scenarios: loadScenarioCatalog(join(dir, 'scenarios.yaml'), topology) };
}

/**
 * A small fast topology: a data layer on a database, a gateway in front, one plain service that
 * depends on the data layer. Latency is zero unless a test asks for it.
 */
export function smallTopology(latency = { medianMs: 0, p99Ms: 0 }): PlatformTopology {
  return PlatformTopologySchema.parse({
    controlPort: 0,
    services: {
      'data-layer': { name: 'Data layer', port: 0, role: 'data-layer', dependencies: ['database'], latency },
      planner: { name: 'Planner', port: 0, dependsOn: ['data-layer'], latency },
      gateway: { name: 'Gateway', port: 0, role: 'gateway', dependsOn: ['planner'], latency },
    },
    releases: {
      baseline: '1.0.0',
      catalog: {
        '1.0.0': { note: 'baseline' },
        '1.1.0': { note: 'good' },
        '1.1.0-bad': { note: 'bad build', errorRate: 0.5 },
      },
    },
  });
}

/** Waits until `check` returns true, polling every few ms, or fails after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
