import { describe, expect, it } from 'vitest';
import { checkContext, resolvedProbe } from '../testing/probe-fixtures.js';
import { runCheck } from './run-check.js';

describe('dns probes', () => {
  it('resolves localhost A to the loopback address', async () => {
    expect(await runCheck(resolvedProbe({ kind: 'dns', hostname: 'localhost' }), checkContext())).toMatchObject({ outcome: 'up', detail: 'A 127.0.0.1' });
    expect(await runCheck(resolvedProbe({ kind: 'dns', recordType: 'AAAA' }, { target: 'localhost' }), checkContext())).toMatchObject({ outcome: 'up', detail: 'AAAA ::1' });
  });

  it('checks that the answer contains every expected value', async () => {
    const wanted = (expect: string[]) => resolvedProbe({ kind: 'dns', hostname: 'localhost', expect });
    expect((await runCheck(wanted(['127.0.0.1']), checkContext())).outcome).toBe('up');
    expect(await runCheck(wanted(['127.0.0.1', '10.0.0.9']), checkContext())).toMatchObject({ outcome: 'down', detail: 'A 127.0.0.1 lacks 10.0.0.9' });
  });

  it('is down when the name does not exist', async () => {
    const result = await runCheck(resolvedProbe({ kind: 'dns', hostname: 'does-not-exist.invalid' }, { timeoutMs: 3000 }), checkContext());
    expect(result).toMatchObject({ outcome: 'down', detail: 'DNS: no such host' });
  });
});
