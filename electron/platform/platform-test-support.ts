/**
 * Helpers for the platform's tests (no vitest import, so it type-checks with the core): raw HTTP
 * requests on fresh connections, a control-API client and a small topology.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlatformStatus, PlatformTopology } from '../../shared/domain/rehearsal.js';
import { PlatformTopologySchema } from '../../shared/domain/rehearsal.js';
import { defaultResourcesDir } from './resources-dir.js';
import { loadPlatformTopology, loadScenarioCatalog } from './load-platform-files.js';
import type { ScenarioCatalog } from './load-platform-files.js';
import type { RunningPlatform } from './platform.js';

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

/** A fresh directory under the OS temp dir; remove() deletes it and everything in it. */
export function makeTempDir(prefix = 'warroom-platform-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
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
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
