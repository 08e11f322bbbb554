import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../core/core.js';
import { silentLogger } from '../core/logger.js';
import { createCoreClient } from '../core/rpc/core-client.js';
import { makeCore } from '../core/testing/make-core.js';
import { readSse } from '../core/testing/sse-reader.js';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { startWebServer } from './web-server.js';
import type { WebServerOptions } from './web-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(options: Partial<WebServerOptions> = {}, core: Core = makeCore({ heartbeatIntervalMs: 50 })) {
  cleanups.push(() => core.close());
  const server = await startWebServer({
    dispatch: core.dispatch, bus: core.bus, rendererDir: '/nonexistent', host: '127.0.0.1', port: 0,
    token: undefined, readOnly: false, logger: silentLogger, ...options,
  });
  cleanups.push(() => server.close());
  return { core, server };
}

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** A raw request, so tests can send Host headers fetch would not let them forge. */
function rawRequest(url: string, headers: Record<string, string>, body = '{}'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const note = { author: 'ana', text: 'go for deploy' };

/** What the journal holds, read in process (not through the server under test). */
const journalOf = (core: Core) => createCoreClient(core, { role: 'viewer', transport: 'memory' }).call('journal.list', { limit: 10 });

describe('web shell authentication', () => {
  it('refuses a missing or wrong token with 401 and executes nothing', async () => {
    const { server, core } = await serve({ token: 's3cret-token-0123456789' });
    const missing = await post(`${server.url}rpc/journal.add`, note);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'unauthorized', message: 'missing bearer token' } });
    const wrong = await post(`${server.url}rpc/journal.add`, note, { Authorization: 'Bearer s3cret-tokeN' });
    expect(wrong.status).toBe(401);
    expect(await journalOf(core)).toEqual([]);

    const right = await post(`${server.url}rpc/journal.add`, note, { Authorization: 'Bearer s3cret-token-0123456789' });
    expect(right.status).toBe(200);
    expect(await journalOf(core)).toHaveLength(1);
  });

  it('refuses the event stream without the token', async () => {
    const { server } = await serve({ token: 's3cret-token-0123456789' });
    expect((await fetch(`${server.url}events`)).status).toBe(401);
  });

  it('lets the local control token call as an operator, even on a read-only server; refuses any wrong bearer token', async () => {
    const controlToken = 'control-token-0123456789abcdef';
    const { server, core } = await serve({ readOnly: true, controlToken });
    expect((await post(`${server.url}rpc/journal.add`, note)).status).toBe(403);
    const asControl = await post(`${server.url}rpc/journal.add`, note, { Authorization: `Bearer ${controlToken}` });
    expect(asControl.status).toBe(200);
    // No token is needed on this loopback server, but a wrong one is refused rather than ignored.
    const wrong = await post(`${server.url}rpc/journal.add`, note, { Authorization: 'Bearer not-the-control-token-0123' });
    expect(wrong.status).toBe(401);
    expect(await journalOf(core)).toHaveLength(1);
    // The control token does not lift the loopback host check.
    expect((await rawRequest(`${server.url}rpc/app.info`, { Host: 'evil.example:80', Authorization: `Bearer ${controlToken}` })).status).toBe(403);
  });

  it('serves only the contract when it has no renderer (the app\'s control endpoint)', async () => {
    const { server } = await serve({ rendererDir: null, token: 'a-user-token-0123456789' });
    expect((await fetch(server.url)).status).toBe(404);
    expect((await post(`${server.url}rpc/app.info`, {}, { Authorization: 'Bearer a-user-token-0123456789' })).status).toBe(200);
  });

  it('will not start with a token shorter than 16 characters or with spaces in it', async () => {
    await expect(serve({ token: 'short' })).rejects.toThrow(/the token is 5 characters; it must be at least 16/);
    await expect(serve({ token: 'sixteen chars or more' })).rejects.toThrow(/the token must not contain spaces/);
  });

  it('will not listen beyond loopback without a token', async () => {
    await expect(serve({ host: '0.0.0.0', token: undefined })).rejects.toThrow(/without a token/);
  });

  it('refuses requests addressed to a foreign host name (DNS rebinding)', async () => {
    const { server } = await serve();
    const result = await rawRequest(`${server.url}rpc/app.info`, { Host: `attacker.example:${server.port}` });
    expect(result.status).toBe(403);
    expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('refuses cross-origin browser requests (CSRF)', async () => {
    const { server, core } = await serve();
    const result = await rawRequest(`${server.url}rpc/journal.add`, { Origin: 'https://evil.example' }, JSON.stringify(note));
    expect(result.status).toBe(403);
    expect(await journalOf(core)).toEqual([]);
  });

  it('insists on a JSON body', async () => {
    const { server } = await serve();
    const response = await fetch(`${server.url}rpc/journal.add`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { message: 'expected Content-Type: application/json' } });
  });

  it('refuses a body over the size limit and malformed JSON', async () => {
    const { server } = await serve();
    const big = await post(`${server.url}rpc/journal.add`, { author: 'a', text: 'x'.repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(400);
    const malformed = await fetch(`${server.url}rpc/journal.add`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"author":' });
    expect(await malformed.json()).toMatchObject({ error: { code: 'invalid_input', message: expect.stringMatching(/not valid JSON/) } });
  });
});

describe('web shell malformed paths', () => {
  it('answers a malformed percent-encoding in the command name with 400 invalid_input', async () => {
    const { server } = await serve();
    for (const name of ['%ZZ', '%E0%A4%A', 'journal.add%']) {
      const response = await post(`${server.url}rpc/${name}`, note);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('percent-encoding') } });
    }
  });

  it('answers a malformed percent-encoding in a static path without a server error', async () => {
    const dir = makeTempDir();
    cleanups.push(() => dir.remove());
    writeFileSync(join(dir.path, 'index.html'), '<!doctype html><title>Warroom</title>');
    const { server } = await serve({ rendererDir: dir.path });
    for (const path of ['%ZZ', 'assets/%E0%A4%A', '%']) expect((await fetch(`${server.url}${path}`)).status).toBeLessThan(500);
  });
});

describe('web shell read-only mode', () => {
  it('answers reading commands and refuses writing ones with 403', async () => {
    const { server, core } = await serve({ readOnly: true });
    expect((await post(`${server.url}rpc/config.summary`, {})).status).toBe(200);
    const write = await post(`${server.url}rpc/journal.add`, note);
    expect(write.status).toBe(403);
    expect(await write.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringMatching(/read-only/) } });
    expect(await journalOf(core)).toEqual([]);
  });
});

describe('web shell events', () => {
  it('streams bus events as SSE with their seq, after an open message', async () => {
    const { server } = await serve();
    const controller = new AbortController();
    const response = await fetch(`${server.url}events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const stream = readSse(response);
    const open = await stream.next();
    expect(open.value).toMatchObject({ event: 'open' });
    await post(`${server.url}rpc/journal.add`, note);
    const received: { name: string; seq: number }[] = [];
    for await (const message of stream) {
      const event = JSON.parse(message.data) as { name: string; seq: number };
      expect(message.id).toBe(String(event.seq));
      received.push(event);
      if (event.name === 'journal.added') break;
    }
    controller.abort();
    expect(received.at(-1)).toMatchObject({ name: 'journal.added', payload: note });
  });
});

describe('web shell static files', () => {
  it('serves the renderer with a strict CSP and falls back to index.html', async () => {
    const dir = makeTempDir();
    cleanups.push(() => dir.remove());
    mkdirSync(join(dir.path, 'assets'));
    writeFileSync(join(dir.path, 'index.html'), '<!doctype html><title>Warroom</title>');
    writeFileSync(join(dir.path, 'assets', 'app.js'), 'console.log(1)');
    const { server } = await serve({ rendererDir: dir.path });
    const page = await fetch(`${server.url}health`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Warroom</title>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const asset = await fetch(`${server.url}assets/app.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${server.url}..%2f..%2fetc%2fpasswd`)).status).not.toBe(500);
    expect(await (await fetch(`${server.url}..%2f..%2fetc%2fpasswd`)).text()).not.toContain('root:');
  });

  it('says how to build the renderer when it is missing', async () => {
    const { server } = await serve();
    const page = await fetch(server.url);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('npm run build');
  });
});
