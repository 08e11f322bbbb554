import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate } from '../testing/certificates.js';
import { checkContext, resolvedProbe, testAgents } from '../testing/probe-fixtures.js';
import { startTargetServer, type TargetServer } from '../testing/target-server.js';
import { runCheck } from './run-check.js';

const servers: Record<'valid' | 'expiring' | 'expired', TargetServer> = {} as never;
let plain: TargetServer;

beforeAll(async () => {
  servers.valid = await startTargetServer({ tls: makeCertificate(365) });
  servers.expiring = await startTargetServer({ tls: makeCertificate(5) });
  servers.expired = await startTargetServer({ tls: makeCertificate(-2, 60) });
  plain = await startTargetServer();
  for (const server of [...Object.values(servers), plain]) server.route('/health', { kind: 'respond', body: 'ok' });
});
afterAll(async () => {
  for (const server of [...Object.values(servers), plain]) await server.close();
});

const https = (server: TargetServer, spec: { insecureTls?: boolean; certificateMinDays?: number } = {}) =>
  resolvedProbe({ kind: 'http', ...spec }, { target: `${server.url}/health` });

describe('https probes', () => {
  it('is down on a self-signed certificate, without sending the request', async () => {
    const result = await runCheck(https(servers.valid), checkContext());
    expect(result).toMatchObject({ outcome: 'down', detail: 'TLS: self-signed certificate' });
    expect(servers.valid.stats('/health').hits).toBe(0);
  });

  it('accepts a self-signed certificate with insecureTls and says so', async () => {
    expect(await runCheck(https(servers.valid, { insecureTls: true }), checkContext())).toMatchObject({
      outcome: 'up',
      detail: 'HTTP 200; insecure TLS accepted (self-signed certificate)',
    });
  });

  it('is degraded when the certificate expires within certificateMinDays', async () => {
    expect(await runCheck(https(servers.expiring, { insecureTls: true }), checkContext())).toMatchObject({
      outcome: 'degraded',
      detail: 'HTTP 200; insecure TLS accepted (self-signed certificate); certificate expires in 5 days',
    });
    expect((await runCheck(https(servers.expiring, { insecureTls: true, certificateMinDays: 3 }), checkContext())).outcome).toBe('up');
  });

  it('is down on an expired certificate, with or without insecureTls, and says since when', async () => {
    expect(await runCheck(https(servers.expired), checkContext())).toMatchObject({ outcome: 'down', detail: 'TLS: certificate expired 2 days ago' });
    expect(await runCheck(https(servers.expired, { insecureTls: true }), checkContext())).toMatchObject({ outcome: 'down', detail: 'certificate expired 2 days ago' });
  });

  it('is down with a handshake failure when the port speaks plain HTTP', async () => {
    const probe = resolvedProbe({ kind: 'http' }, { target: `${plain.url.replace('http:', 'https:')}/health` });
    expect(await runCheck(probe, checkContext())).toMatchObject({ outcome: 'down', detail: 'TLS: handshake failed (wrong version number)' });
  });

  it('keeps no half-open sockets in either TLS agent', async () => {
    const deadline = performance.now() + 10_000;
    while (performance.now() < deadline && (testAgents.stats().https.active > 0 || testAgents.stats()['https-insecure'].active > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(testAgents.stats().https.active).toBe(0);
    expect(testAgents.stats()['https-insecure'].active).toBe(0);
  });
});
