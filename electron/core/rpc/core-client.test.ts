import { afterEach, describe, expect, it } from 'vitest';
import { RpcCallError } from '../../../shared/contract/errors.js';
import type { Core } from '../core.js';
import { makeCore } from '../testing/make-core.js';
import { createCoreClient } from './core-client.js';

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

function open(): Core {
  const core = makeCore();
  cores.push(core);
  return core;
}

/** What a call rejected with, for assertions on its fields. */
async function refusal(promise: Promise<unknown>): Promise<RpcCallError> {
  const error: unknown = await promise.then(() => undefined, (reason: unknown) => reason);
  if (!(error instanceof RpcCallError)) throw new Error(`expected an RpcCallError, got ${String(error)}`);
  return error;
}

describe('in-process core client', () => {
  it('answers with the command output, through the router', async () => {
    const client = createCoreClient(open(), { role: 'operator', transport: 'cli' });
    const added = await client.call('journal.add', { author: 'ana', text: 'go for launch' });
    expect(added).toMatchObject({ author: 'ana', text: 'go for launch' });
    expect(await client.call('journal.list', { limit: 5 })).toEqual([added]);
  });

  it('throws the envelope: invalid input with its issues, a domain refusal with its code, a role refusal', async () => {
    const core = open();
    const operator = createCoreClient(core, { role: 'operator', transport: 'cli' });
    const invalid = await refusal(operator.call('journal.add', { author: '', text: 'x' }));
    expect(invalid).toMatchObject({ name: 'RpcCallError', code: 'invalid_input', issues: [{ path: 'author' }] });
    const missing = await refusal(operator.call('actions.getRun', { runId: 424_242 }));
    expect(missing).toMatchObject({ code: 'not_found', message: 'no run 424242' });
    const viewer = createCoreClient(core, { role: 'viewer', transport: 'cli' });
    expect(await refusal(viewer.call('journal.add', { author: 'wall', text: 'no' }))).toMatchObject({ code: 'forbidden' });
    expect(await viewer.call('journal.list', {})).toEqual([]);
  });

  it('delivers events with their sequence number until unsubscribed', async () => {
    const client = createCoreClient(open(), { role: 'operator', transport: 'cli' });
    const seen: { text: string; seq: number }[] = [];
    const off = client.on('journal.added', (entry, meta) => seen.push({ text: entry.text, seq: meta.seq }));
    await client.call('journal.add', { author: 'ana', text: 'first' });
    off();
    await client.call('journal.add', { author: 'ana', text: 'second' });
    expect(seen).toEqual([{ text: 'first', seq: expect.any(Number) }]);
  });
});
