/**
 * The Node client of a running app: typed calls and events over the web shell's real HTTP + SSE
 * transport, refusals as RpcCallError with the envelope's code, and a stream that reconnects and
 * says so (onReopen) after a drop.
 */
import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RpcCallError } from '../../shared/contract/errors.js';
import { silentLogger } from '../core/logger.js';
import { makeCore } from '../core/testing/make-core.js';
import { connectToApp } from './http-command-client.js';
import { startWebServer } from './web-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const CONTROL = 'control-token-0123456789abcdef';

async function app() {
  const core = makeCore({});
  cleanups.push(() => core.close());
  const server = await startWebServer({
    dispatch: core.dispatch, bus: core.bus, rendererDir: null, host: '127.0.0.1', port: 0,
    token: 'a-user-token-0123456789', controlToken: CONTROL, readOnly: true, logger: silentLogger,
  });
  cleanups.push(() => server.close());
  return server;
}

describe('connectToApp', () => {
  it('calls commands and follows events over HTTP + SSE, as an operator with the control token', async () => {
    const server = await app();
    const client = await connectToApp({ url: server.url, token: CONTROL });
    cleanups.push(() => client.close());
    const added = new Promise<string>((resolve) => client.on('journal.added', (entry) => resolve(entry.text)));
    const entry = await client.call('journal.add', { author: 'ana', text: 'go for deploy' });
    expect(entry).toMatchObject({ author: 'ana', text: 'go for deploy' });
    expect(await added).toBe('go for deploy');
    const refused = await client.call('actions.getRun', { runId: 999 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RpcCallError);
    expect(refused).toMatchObject({ code: 'not_found' });
  });

  it('rejects a wrong token as unauthorized and an address where nothing listens as unavailable', async () => {
    const server = await app();
    await expect(connectToApp({ url: server.url, token: 'not-the-control-token-0123' })).rejects.toMatchObject({ code: 'unauthorized', message: 'wrong bearer token' });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(connectToApp({ url: `http://127.0.0.1:${port}/`, token: CONTROL })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining(`cannot reach the app at http://127.0.0.1:${port}/`) });
  });

  it('reconnects after the stream drops, tells onReopen, and delivers what comes after', async () => {
    // A stand-in for the app's /events, so the test can drop the stream at will.
    const streams: ServerResponse[] = [];
    const opened: (() => void)[] = [];
    const fake = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('event: open\ndata: {"lastSeq":0}\n\n');
      streams.push(res);
      opened.shift()?.();
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => (fake.closeAllConnections(), fake.close(() => resolve()))));
    const url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/`;

    const client = await connectToApp({ url, token: CONTROL, retry: { firstMs: 10, maxMs: 10 } });
    cleanups.push(() => client.close());
    const reopened = new Promise<void>((resolve) => client.onReopen(resolve));
    const second = new Promise<void>((resolve) => opened.push(resolve));
    streams[0]!.destroy();
    await second;
    await reopened;
    const texts: string[] = [];
    const delivered = new Promise<void>((resolve) => client.on('journal.added', (entry) => (texts.push(entry.text), resolve())));
    // A payload that breaks the contract is dropped; the valid one after it arrives.
    streams[1]!.write(`data: ${JSON.stringify({ name: 'journal.added', seq: 1, at: 1, payload: { nonsense: true } })}\n\n`);
    streams[1]!.write(`data: ${JSON.stringify({ name: 'journal.added', seq: 2, at: 2, payload: { id: 1, at: 2, author: 'ana', text: 'after the gap' } })}\n\n`);
    await delivered;
    expect(texts).toEqual(['after the gap']);
  });
});
