// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RpcCallError } from '../../shared/contract/index.js';
import type { WireEvent } from '../../shared/contract/index.js';
import type { LinkState } from './client.js';
import { createHttpClient } from './http-client.js';

const encoder = new TextEncoder();

/** A streamed SSE response whose body yields exactly these byte chunks, then stays open. */
function sseResponse(chunks: Uint8Array[], { end = false } = {}): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      chunks.forEach((chunk) => controller.enqueue(chunk));
      if (end) controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const heartbeat = (seq: number): WireEvent => ({
  name: 'core.heartbeat',
  payload: { sessionId: 's', at: 1000 + seq, uptimeMs: seq, intervalMs: 1000 },
  seq,
  at: 1000 + seq,
});

const flush = async () => {
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
};

describe('createHttpClient', () => {
  const clients: { close(): void }[] = [];
  afterEach(() => {
    clients.splice(0).forEach((c) => c.close());
    vi.useRealTimers();
  });

  it('reads SSE events split across reads, even inside a multi-byte character', async () => {
    const first = heartbeat(1);
    const second = { ...heartbeat(2), name: 'journal.added', payload: { id: 1, at: 5, author: 'Zoë', text: 'go → ✓' } } as WireEvent;
    const text = `event: open\ndata: {}\n\n:ka\n\ndata: ${JSON.stringify(first)}\n\ndata: ${JSON.stringify(second)}\n\n`;
    const bytes = encoder.encode(text);
    const zoe = bytes.indexOf(0xc3); // first byte of "ë": split the character itself
    const chunks = [bytes.slice(0, 7), bytes.slice(7, 40), bytes.slice(40, zoe + 1), bytes.slice(zoe + 1)];
    const fetch = vi.fn(async () => sseResponse(chunks));
    const client = createHttpClient({ getToken: () => 'secret', fetch });
    clients.push(client);
    const states: LinkState[] = [];
    const got: unknown[] = [];
    client.onLinkState((s) => states.push(s));
    client.on('core.heartbeat', (payload, meta) => got.push(['hb', payload.uptimeMs, meta.seq]));
    client.on('journal.added', (payload, meta) => got.push(['note', payload.author, payload.text, meta.seq]));
    await flush();
    expect(states).toEqual(['connecting', 'open']);
    expect(got).toEqual([
      ['hb', 1, 1],
      ['note', 'Zoë', 'go → ✓', 2],
    ]);
    expect(fetch).toHaveBeenCalledWith('/events', expect.objectContaining({ headers: { Accept: 'text/event-stream', Authorization: 'Bearer secret' } }));
  });

  it('reconnects with a doubling delay capped at 10 s when the stream ends', async () => {
    vi.useFakeTimers();
    const fetch = vi.fn(async () => sseResponse([], { end: true }));
    const client = createHttpClient({ getToken: () => null, fetch });
    clients.push(client);
    const states: LinkState[] = [];
    client.onLinkState((s) => states.push(s));
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(states.at(-1)).toBe('closed');
    const delays = [1000, 2000, 4000, 8000, 10_000, 10_000];
    for (const [i, delay] of delays.entries()) {
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(fetch).toHaveBeenCalledTimes(i + 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(fetch).toHaveBeenCalledTimes(i + 2);
    }
  });

  it('reports unauthorized on a 401 from /events, stops retrying, and reconnects after authenticate()', async () => {
    vi.useFakeTimers();
    let token: string | null = null;
    const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      const auth = (init?.headers as Record<string, string>).Authorization;
      return auth === 'Bearer good' ? sseResponse([encoder.encode('event: open\n\n')]) : json(401, { ok: false, error: { code: 'unauthorized', message: 'token required' } });
    });
    const client = createHttpClient({ getToken: () => token, setToken: (t) => (token = t), fetch });
    clients.push(client);
    const states: LinkState[] = [];
    const plain: string[] = [];
    client.onLinkState((s) => states.push(s));
    client.onConnection((s) => plain.push(s));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(states).toEqual(['connecting', 'unauthorized']);
    expect(plain).toEqual(['connecting', 'closed']);
    client.authenticate('good');
    await vi.advanceTimersByTimeAsync(0);
    expect(token).toBe('good');
    expect(states.at(-1)).toBe('open');
  });

  it('posts calls as JSON and unwraps the envelope', async () => {
    const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
      if (url === '/events') return sseResponse([]);
      expect(init?.method).toBe('POST');
      expect(init?.headers).toEqual({ 'Content-Type': 'application/json', Authorization: 'Bearer t' });
      expect(JSON.parse(init?.body as string)).toEqual({ contractVersion: 1 });
      return json(200, { ok: true, value: { contractVersion: 1, appVersion: '0.1.0', role: 'viewer' } });
    });
    const client = createHttpClient({ getToken: () => 't', fetch, baseUrl: 'http://127.0.0.1:7000' });
    clients.push(client);
    await expect(client.call('app.hello', { contractVersion: 1 })).resolves.toEqual({ contractVersion: 1, appVersion: '0.1.0', role: 'viewer' });
    expect(fetch).toHaveBeenCalledWith('http://127.0.0.1:7000/rpc/app.hello', expect.anything());
  });

  it('throws RpcCallError with the code and issues of an error envelope, whatever the status', async () => {
    const issues = [{ path: 'text', message: 'the note is empty' }];
    const fetch = vi.fn(async (url: RequestInfo | URL) =>
      url === '/events' ? sseResponse([]) : json(400, { ok: false, error: { code: 'invalid_input', message: 'bad', issues } }),
    );
    const client = createHttpClient({ getToken: () => null, fetch });
    clients.push(client);
    const error = await client.call('journal.add', { author: 'a', text: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcCallError);
    expect(error).toMatchObject({ code: 'invalid_input', issues });
  });

  it('turns a 401 from /rpc into the unauthorized state', async () => {
    const fetch = vi.fn(async (url: RequestInfo | URL) =>
      url === '/events' ? sseResponse([encoder.encode('event: open\n\n')]) : json(401, { ok: false, error: { code: 'unauthorized', message: 'wrong token' } }),
    );
    const client = createHttpClient({ getToken: () => 'old', fetch });
    clients.push(client);
    await flush();
    const states: LinkState[] = [];
    client.onLinkState((s) => states.push(s));
    await expect(client.call('app.snapshot', {})).rejects.toMatchObject({ code: 'unauthorized' });
    expect(states).toEqual(['open', 'unauthorized']);
  });

  it('rejects with unavailable when the server cannot be reached', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('fetch failed');
    });
    const client = createHttpClient({ getToken: () => null, fetch });
    clients.push(client);
    await expect(client.call('app.info', {})).rejects.toMatchObject({ name: 'RpcCallError', code: 'unavailable' });
  });
});
