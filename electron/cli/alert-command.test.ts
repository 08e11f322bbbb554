/** `warroom alert list|test|silence` as a terminal runs them: real processes against an Alertmanager API over real HTTP. */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../core/testing/temp-dir.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step();
});

function warroom(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(ROOT, 'bin/warroom.js'), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Holds posted alerts and lists them, as Alertmanager does. */
async function startAlertmanager(): Promise<string> {
  const alerts: unknown[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST' && req.url === '/api/v2/alerts') {
        for (const alert of JSON.parse(body) as { labels: Record<string, string>; annotations: Record<string, string>; startsAt: string }[]) {
          alerts.push({ ...alert, fingerprint: `fp${alerts.length}`, updatedAt: alert.startsAt, status: { state: 'active', silencedBy: [], inhibitedBy: [] } });
        }
        res.end('');
        return;
      }
      res.end(JSON.stringify(alerts));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  cleanups.push(() => new Promise<void>((done) => server.close(() => done())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function configFor(alertmanagerUrl: string): { config: string; dataDir: string } {
  const dir = makeTempDir();
  cleanups.push(() => dir.remove());
  const config = join(dir.path, 'warroom.yaml');
  writeFileSync(
    config,
    `version: 1
name: Alert test
defaultEnvironment: staging
environments:
  staging: { label: Staging }
services:
  api: { name: API, baseUrl: "http://127.0.0.1:9" }
monitoring:
  alertmanager:
    staging: { url: "${alertmanagerUrl}", timeout: 2s }
`,
  );
  return { config, dataDir: join(dir.path, 'data') };
}

describe('warroom alert', () => {
  it('sends a test alert, says it arrived, and lists it', async () => {
    const { config, dataDir } = configFor(await startAlertmanager());
    const sent = await warroom(['alert', 'test', '--as', 'ana', '--config', config, '--data-dir', dataDir]);
    expect(sent.stderr).toBe('');
    expect(sent.stdout).toMatch(/^test alert [0-9a-f-]{36} arrived in Alertmanager after .* \(fingerprint fp0\)\n$/);
    expect(sent.code).toBe(0);
    const listed = await warroom(['alert', 'list', '--config', config, '--data-dir', dataDir]);
    expect(listed.stdout).toMatch(/FIRING\s+WarroomTestAlert .* fp0\n\s+Test alert from Warroom, sent by ana/);
    expect(listed.code).toBe(0);
  }, 60_000);

  it('exits 1 with the reason when Alertmanager cannot be read', async () => {
    // A port that was free a moment ago: nothing listens there.
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    const { config, dataDir } = configFor(`http://127.0.0.1:${port}`);
    const listed = await warroom(['alert', 'list', '--config', config, '--data-dir', dataDir]);
    expect(listed.stdout).toBe(`Alertmanager unreachable: GET http://127.0.0.1:${port}/api/v2/alerts: connection refused\nalerts: unknown\n`);
    expect(listed.code).toBe(1);
    const test = await warroom(['alert', 'test', '--as', 'ana', '--config', config, '--data-dir', dataDir]);
    expect(test.stderr).toMatch(/connection refused/);
    expect(test.code).not.toBe(0);
  }, 60_000);
});
