import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startSilentPort, type SilentPort } from '../testing/ports.js';
import { checkContext, resolvedProbe } from '../testing/probe-fixtures.js';
import { runCheck } from './run-check.js';

let silent: SilentPort;
beforeAll(async () => (silent = await startSilentPort()));
afterAll(() => silent.close());

describe('tcp probes', () => {
  it('is up when the port accepts, and closes the connection', async () => {
    const probe = resolvedProbe({ kind: 'tcp', host: '127.0.0.1', port: silent.port });
    expect(await runCheck(probe, checkContext())).toMatchObject({ outcome: 'up', detail: `connected to 127.0.0.1:${silent.port}` });
    const deadline = performance.now() + 10_000;
    while (silent.openConnections() > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(silent.openConnections()).toBe(0);
  });

  it('uses the resolved target when the probe names no host', async () => {
    const probe = resolvedProbe({ kind: 'tcp', port: silent.port }, { target: '127.0.0.1' });
    expect((await runCheck(probe, checkContext())).outcome).toBe('up');
  });

  it('is down with "connection refused" on a closed port and on port 1', async () => {
    for (const port of [await freePort(), 1]) {
      expect(await runCheck(resolvedProbe({ kind: 'tcp', host: '127.0.0.1', port }), checkContext())).toMatchObject({ outcome: 'down', detail: 'connection refused' });
    }
  });

  it('is down when the host does not resolve', async () => {
    const result = await runCheck(resolvedProbe({ kind: 'tcp', host: 'does-not-exist.invalid', port: 80 }), checkContext());
    expect(result).toMatchObject({ outcome: 'down', detail: expect.stringMatching(/^DNS: /) });
  });
});
