import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/domain/actions.js';
import { ZERO_HASH, checkChain, hashEntry, parseAuditLine } from './audit-chain.js';
import { canonicalJson, jsonValue } from './canonical-json.js';

function chainOf(count: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let prevHash = ZERO_HASH;
  for (let seq = 1; seq <= count; seq += 1) {
    const fields = { seq, at: 1000 * seq, actor: 'ana', event: 'started' as const, actionId: 'rollback', runId: seq, detail: { n: seq }, prevHash };
    const entry = { ...fields, hash: hashEntry(fields) };
    entries.push(entry);
    prevHash = entry.hash;
  }
  return entries;
}

describe('canonical JSON', () => {
  it('sorts keys at every depth, keeps array order and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
    expect(canonicalJson({ é: 1, e: 2, E: 3, '10': 4, '9': 5 })).toBe('{"10":4,"9":5,"E":3,"e":2,"é":1}');
    expect(canonicalJson('line\n"quoted"')).toBe('"line\\n\\"quoted\\""');
    expect(canonicalJson(1e21)).toBe('1e+21');
  });

  it('refuses what JSON cannot carry unchanged', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(/plain objects/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
    expect(() => canonicalJson({ x: undefined })).toThrow(TypeError);
  });

  it('turns a value into what JSON would carry before it is hashed', () => {
    expect(jsonValue({ at: new Date(0), gone: undefined, n: Number.POSITIVE_INFINITY })).toEqual({ at: '1970-01-01T00:00:00.000Z', n: null });
  });
});

describe('audit chain', () => {
  it('hashes the canonical JSON of every field but the hash, as documented', () => {
    const fields = { seq: 1, at: 1000, actor: 'ana', event: 'requested' as const, actionId: 'rollback', runId: 7, detail: { service: 'api' }, prevHash: ZERO_HASH };
    const text = `{"actionId":"rollback","actor":"ana","at":1000,"detail":{"service":"api"},"event":"requested","prevHash":"${ZERO_HASH}","runId":7,"seq":1}`;
    expect(hashEntry(fields)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('accepts an intact chain and reports where one breaks', () => {
    const entries = chainOf(5);
    expect(checkChain(entries)).toEqual({ entries: 5, last: { seq: 5, hash: entries[4]!.hash }, problems: [] });
    expect(checkChain([])).toEqual({ entries: 0, last: null, problems: [] });

    expect(checkChain(entries.filter((e) => e.seq !== 3)).problems).toEqual([{ seq: 4, problem: 'entry 3 is missing before entry 4' }]);
    expect(checkChain(entries.slice(1)).problems).toEqual([{ seq: 2, problem: 'entry 1 is missing before entry 2' }]);
    expect(checkChain(entries.slice(2), { seq: 3, prevHash: entries[1]!.hash }).problems).toEqual([]);
    expect(checkChain([entries[0]!, entries[0]!]).problems).toEqual([{ seq: 1, problem: 'entry 1 is out of order or repeated (expected 2)' }]);

    const edited = entries.map((e) => (e.seq === 2 ? { ...e, actor: 'eve' } : e));
    expect(checkChain(edited).problems).toEqual([{ seq: 2, problem: 'entry 2 was altered: its hash does not match its content' }]);
  });

  it('parses an exported line and refuses one of another shape', () => {
    const [entry] = chainOf(1);
    expect(parseAuditLine(JSON.stringify(entry))).toEqual(entry);
    expect(() => parseAuditLine('{"seq":"one"}')).toThrow();
    expect(() => parseAuditLine('not json')).toThrow();
  });
});
