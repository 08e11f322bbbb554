/** The dns kind: the name resolves through the system's DNS servers, and the answer holds what `expect` lists. */
import type { AnyRecord } from 'node:dns';
import { Resolver } from 'node:dns/promises';
import { CheckFailure, type KindRunner, type ProbeOf } from './check-types.js';
import { describeError, errorCode, truncate } from './describe-error.js';

type RecordType = ProbeOf<'dns'>['recordType'];

const LOOPBACK: Partial<Record<RecordType, string[]>> = { A: ['127.0.0.1'], AAAA: ['::1'] };

export const runDnsCheck: KindRunner<'dns'> = async (probe, ctx) => {
  const hostname = probe.hostname ?? probe.target;
  if (!hostname) throw new CheckFailure('no hostname to resolve (no hostname on the probe, no base URL on the service)', false);
  ctx.phase('resolving');
  const answers = isLocalhost(hostname) ? localhostAnswers(probe.recordType) : await query(hostname, probe.recordType, ctx.timeoutMs, ctx.signal);
  const shown = truncate(answers.join(', '), 120);
  const missing = (probe.expect ?? []).filter((wanted) => !answers.some((answer) => sameName(answer, wanted)));
  if (missing.length > 0) return { outcome: 'down', detail: `${probe.recordType} ${shown} lacks ${truncate(missing.join(', '), 80)}` };
  return { outcome: 'up', detail: `${probe.recordType} ${shown}` };
};

/**
 * RFC 6761: "localhost" is answered locally, never sent to a DNS server (systemd-resolved and
 * c-ares getaddrinfo do the same). Many upstream servers answer NXDOMAIN for it.
 */
function isLocalhost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

function localhostAnswers(recordType: RecordType): string[] {
  const answers = recordType === 'ANY' ? [...LOOPBACK.A!, ...LOOPBACK.AAAA!] : LOOPBACK[recordType];
  if (!answers) throw new CheckFailure(`DNS: no ${recordType} records for localhost`);
  return answers;
}

async function query(hostname: string, recordType: RecordType, timeoutMs: number, signal: AbortSignal): Promise<string[]> {
  // One try with the whole budget: c-ares would otherwise retry 4 times and overrun the probe's timeout.
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  const cancel = () => resolver.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    switch (recordType) {
      case 'A':
        return await resolver.resolve4(hostname);
      case 'AAAA':
        return await resolver.resolve6(hostname);
      case 'CNAME':
        return await resolver.resolveCname(hostname);
      case 'TXT':
        return (await resolver.resolveTxt(hostname)).map((parts) => parts.join(''));
      case 'ANY':
        return (await resolver.resolveAny(hostname)).map(describeAnyRecord);
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : error;
    throw new CheckFailure(dnsReason(error, recordType));
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

function dnsReason(error: unknown, recordType: RecordType): string {
  switch (errorCode(error)) {
    case 'ENOTFOUND':
      return 'DNS: no such host';
    case 'ENODATA':
      return `DNS: no ${recordType} records`;
    case 'ETIMEOUT':
      return 'DNS: no answer from the DNS server';
    case 'ECONNREFUSED':
      return 'DNS: server refused the connection';
    default: {
      const reason = describeError(error);
      return reason.startsWith('DNS:') ? reason : `DNS: ${reason}`;
    }
  }
}

function describeAnyRecord(record: AnyRecord): string {
  switch (record.type) {
    case 'A':
    case 'AAAA':
      return record.address;
    case 'CNAME':
    case 'PTR':
      return record.value;
    case 'MX':
      return record.exchange;
    case 'NS':
      return record.value;
    case 'TXT':
      return record.entries.join('');
    default:
      return record.type;
  }
}

/** Names compare without case or a trailing dot; addresses compare as written. */
function sameName(answer: string, wanted: string): boolean {
  return answer.toLowerCase().replace(/\.$/, '') === wanted.toLowerCase().replace(/\.$/, '');
}
