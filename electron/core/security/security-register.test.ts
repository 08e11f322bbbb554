/**
 * The findings register on a real core and database: imports and re-scans, triage with expiry on
 * a fake clock into the audit trail, bulk triage, the gate, the remediation order and deadlines.
 * Reports are built as a parser would yield them (parsers are tested with their own fixtures).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandClient } from '../../../shared/contract/index.js';
import type { ParsedReport } from '../../../shared/domain/security.js';
import type { CoreParts } from '../core.js';
import { createCoreClient } from '../rpc/core-client.js';
import { fakeClock } from '../testing/fake-clock.js';
import type { FakeClock } from '../testing/fake-clock.js';
import { makeCoreParts } from '../testing/make-core.js';
import { dependency, finding, report, secret } from './testing/parsed.js';

const DAY = 86_400_000;
const ROOT = '/srv/shop';

let clock: FakeClock;
let core: CoreParts;
let operator: CommandClient;
let viewer: CommandClient;

beforeEach(() => {
  clock = fakeClock();
  core = makeCoreParts({ clock, timers: clock });
  operator = createCoreClient(core, { role: 'operator', transport: 'memory' });
  viewer = createCoreClient(core, { role: 'viewer', transport: 'memory' });
});
afterEach(() => core.close());

function importReport(parsed: ParsedReport, sourceFile = 'report.sarif', scope?: string) {
  return core.security.importParsed([{ report: parsed, sourceFile }], { scanRoot: ROOT, actor: 'ana', ...(scope ? { scope } : {}) });
}

async function findingByFingerprint(fingerprint: string) {
  const page = await viewer.call('security.listFindings', { limit: 1000 });
  const found = page.findings.find((f) => f.fingerprint === fingerprint);
  if (!found) throw new Error(`no finding ${fingerprint}`);
  return found;
}

describe('import and re-scan', () => {
  it('stores each finding once with first and last seen, and reports new / fixed / unchanged per scan', async () => {
    const first = importReport(report([finding({ fingerprint: 'a' }), finding({ fingerprint: 'b', ruleId: 'B608', title: 'SQL built from strings', cwe: ['CWE-89'] })]));
    expect(first).toMatchObject({ new: 2, fixed: 0, unchanged: 0, reopened: 0, open: { high: 2 } });
    expect(first.scans).toHaveLength(1);
    expect(first.scans[0]).toMatchObject({ scope: `bandit @ ${ROOT}`, sourceFile: 'report.sarif', status: 'ok', counts: { new: 2, total: 2 } });

    clock.advance(60_000);
    // b moved 40 lines down (same fingerprint), a is gone, c is new.
    const second = importReport(
      report([
        finding({ fingerprint: 'b', ruleId: 'B608', title: 'SQL built from strings', cwe: ['CWE-89'], location: { file: 'app/run.py', line: 50, column: 5, snippetHash: 'x' } }),
        finding({ fingerprint: 'c', location: { file: 'app/other.py', line: 3, column: 1, snippetHash: 'y' } }),
      ]),
    );
    expect(second).toMatchObject({ new: 1, fixed: 1, unchanged: 1, reopened: 0 });

    const b = await findingByFingerprint('b');
    expect(b).toMatchObject({ state: 'open', location: { line: 50 }, firstSeenAt: clock.now() - 60_000, lastSeenAt: clock.now() });
    const a = await findingByFingerprint('a');
    expect(a).toMatchObject({ state: 'fixed', fixedAt: clock.now(), deadlineAt: null });
    const detail = await viewer.call('security.getFinding', { id: a.id });
    expect(detail.sightings.map((s) => s.scanId)).toEqual([first.scans[0]!.id]);
    expect(detail.history.map((h) => [h.cause, h.from, h.to])).toEqual([
      ['import', null, 'open'],
      ['rescan', 'open', 'fixed'],
    ]);

    clock.advance(60_000);
    // a returns: reopened, and counted as new for the scan.
    const third = importReport(report([finding({ fingerprint: 'a' }), finding({ fingerprint: 'b' }), finding({ fingerprint: 'c' })]));
    expect(third).toMatchObject({ new: 1, reopened: 1, fixed: 0, unchanged: 2 });
    expect(await findingByFingerprint('a')).toMatchObject({ state: 'open', fixedAt: null });
    const history = (await viewer.call('security.getFinding', { id: a.id })).history;
    expect(history.at(-1)).toMatchObject({ cause: 'rescan', from: 'fixed', to: 'open', scanId: third.scans[0]!.id });

    const comparison = await viewer.call('security.compareScans', { baseScanId: first.scans[0]!.id, scanId: second.scans[0]!.id });
    expect(comparison.counts).toEqual({ new: 1, fixed: 1, unchanged: 1 });
    expect(comparison.new.map((f) => f.id)).toEqual([(await findingByFingerprint('c')).id]);
    expect(comparison.fixed.map((f) => f.id)).toEqual([a.id]);
  });

  it('compares a re-scan only with its own scope: another tool or root fixes nothing', async () => {
    importReport(report([finding({ fingerprint: 'a' })]));
    const other = importReport(report([finding({ fingerprint: 'e', tool: 'semgrep' })]));
    expect(other).toMatchObject({ new: 1, fixed: 0 });
    const otherRoot = core.security.importParsed([{ report: report([]), sourceFile: 'empty.sarif' }], { scanRoot: '/srv/other', actor: 'ana' });
    expect(otherRoot.fixed).toBe(0);
    expect(await findingByFingerprint('a')).toMatchObject({ state: 'open' });
  });

  it('keeps one finding for the same secret found by two tools, fixed only when neither sees it', async () => {
    importReport(report([secret('s1', 'config/dev.env', 'gitleaks')]), 'gitleaks.json');
    const second = importReport(report([secret('s1', 'config/dev.env', 'secretlint')]), 'secretlint.sarif');
    expect(second.new).toBe(1); // new to the secretlint scope
    const page = await viewer.call('security.listFindings', {});
    expect(page.total).toBe(1);
    expect(page.findings[0]!.tools.map((t) => t.tool)).toEqual(['gitleaks', 'secretlint']);

    expect(importReport(report([], { tools: [{ tool: 'gitleaks', version: '8.18.0' }] }), 'gitleaks.json').fixed).toBe(0);
    expect(await findingByFingerprint('s1')).toMatchObject({ state: 'open' });
    expect(importReport(report([], { tools: [{ tool: 'secretlint', version: '9.0.0' }] }), 'secretlint.sarif').fixed).toBe(1);
    expect(await findingByFingerprint('s1')).toMatchObject({ state: 'fixed' });
  });

  it('imports two reports of one scope in one import as one scan, so neither marks the other fixed', async () => {
    const result = core.security.importParsed(
      [
        { report: report([finding({ fingerprint: 'a' })]), sourceFile: 'api.json' },
        { report: report([finding({ fingerprint: 'b' })]), sourceFile: 'worker.json' },
      ],
      { scanRoot: ROOT, actor: 'ana' },
    );
    expect(result.scans).toHaveLength(1);
    expect(result.scans[0]).toMatchObject({ sourceFile: 'api.json, worker.json', counts: { new: 2, total: 2 } });
  });

  it('starts a finding the report suppressed as a false positive with its justification', async () => {
    importReport(report([finding({ fingerprint: 'a', suppression: { kind: 'inSource', justification: 'input is a constant' } })]));
    expect(await findingByFingerprint('a')).toMatchObject({ state: 'false-positive', reason: 'suppressed in the report (inSource): input is a constant' });
    expect((await viewer.call('security.overview', {})).openBySeverity.high).toBe(0);
  });

  it('leaves the register unchanged when one scan of an import fails to store', () => {
    importReport(report([finding({ fingerprint: 'a' })]));
    const before = core.security.overview();
    const broken = finding({ fingerprint: 'z' });
    // A kind the table refuses (a parser bug) fails the import midway.
    Object.assign(broken, { kind: 'bogus' });
    expect(() =>
      core.security.importParsed(
        [
          { report: report([finding({ fingerprint: 'y', tool: 'semgrep' })]), sourceFile: 'good.sarif' },
          { report: report([broken]), sourceFile: 'bad.sarif' },
        ],
        { scanRoot: ROOT, actor: 'ana' },
      ),
    ).toThrow(/CHECK constraint failed/);
    const after = core.security.overview();
    expect(after).toEqual(before);
    expect(core.security.scans({ limit: 10 })).toHaveLength(1);
  });
});

describe('triage', () => {
  it('accepts a risk until it expires, then reopens it on the clock, with history and audit entries', async () => {
    importReport(report([finding({ fingerprint: 'h1' })]));
    const h1 = await findingByFingerprint('h1');
    expect((await viewer.call('security.gate', {}))!.open).toBe(false);

    const expiresAt = clock.now() + 2 * DAY;
    await operator.call('security.triage', {
      ids: [h1.id],
      state: 'accepted',
      reason: 'not reachable from the internet',
      mitigation: 'WAF rule 42',
      owner: 'ops',
      expiresAt,
      actor: 'ana',
    });
    expect(await findingByFingerprint('h1')).toMatchObject({
      state: 'accepted',
      triagedBy: 'ana',
      acceptance: { reason: 'not reachable from the internet', mitigation: 'WAF rule 42', owner: 'ops', expiresAt },
      deadlineAt: null,
    });
    expect(await viewer.call('security.gate', {})).toMatchObject({ open: true, reasons: [], expiredAcceptances: 0 });

    clock.advance(2 * DAY + 1);
    const gate = await viewer.call('security.gate', {});
    expect(gate).toMatchObject({ open: false, openBySeverity: { high: 1 }, expiredAcceptances: 1 });
    expect(gate!.reasons).toEqual(['1 open High finding', '1 expired risk acceptance: triage again']);
    const reopened = await findingByFingerprint('h1');
    expect(reopened).toMatchObject({ state: 'open', acceptanceExpiredAt: expiresAt, acceptance: null });
    const history = (await viewer.call('security.getFinding', { id: h1.id })).history;
    expect(history.at(-1)).toMatchObject({ cause: 'expiry', actor: 'warroom', from: 'accepted', to: 'open', acceptance: { owner: 'ops', expiresAt } });

    const audit = await viewer.call('audit.tail', { limit: 10 });
    expect(audit.map((e) => e.event)).toEqual(['security_expired', 'security_triage', 'security_import']);
    expect(audit[1]).toMatchObject({
      actor: 'ana',
      detail: { state: 'accepted', reason: 'not reachable from the internet', owner: 'ops', expiresAt, count: 1, findings: [{ id: h1.id, from: 'open', to: 'accepted' }] },
    });
    expect(audit[0]).toMatchObject({ actor: 'warroom', detail: { findings: [{ id: h1.id, expiredAt: expiresAt }] } });
    expect((await viewer.call('audit.verify', {})).ok).toBe(true);

    // Triaging it again clears the expiry mark.
    await operator.call('security.triage', { ids: [h1.id], state: 'confirmed', reason: 'fix planned', actor: 'bo' });
    expect(await viewer.call('security.gate', {})).toMatchObject({ expiredAcceptances: 0, reasons: ['1 open High finding'] });
  });

  it('reopens an expired acceptance from the owner\'s own timer and tells clients', async () => {
    importReport(report([finding({ fingerprint: 'h1' })]));
    const h1 = await findingByFingerprint('h1');
    await operator.call('security.triage', { ids: [h1.id], state: 'accepted', reason: 'later', expiresAt: clock.now() + DAY, actor: 'ana' });
    const events: string[] = [];
    core.bus.subscribe((event) => {
      if (event.name === 'security.changed') events.push(event.payload.cause);
    });
    core.security.start();
    clock.advance(DAY + 60_000);
    expect(events).toEqual(['expiry']);
    expect(core.store.security.get(h1.id, { now: clock.now(), deadlines: core.security.overview().deadlines })).toMatchObject({ state: 'open' });
  });

  it('triages every finding a filter matches at once: secrets under tests/ become false positives', async () => {
    importReport(
      report([secret('t1', 'tests/fixtures/keys.py'), secret('t2', 'tests/unit/conf.py'), secret('p1', 'src/settings.py'), finding({ fingerprint: 'code-in-tests', location: { file: 'tests/run.py', line: 1, column: null, snippetHash: null } })]),
    );
    const result = await operator.call('security.triage', {
      filter: { kind: ['secret'], pathPrefix: 'tests/' },
      state: 'false-positive',
      reason: 'test files, dev keys',
      actor: 'ana',
    });
    expect(result.changed).toHaveLength(2);
    expect(result.open).toMatchObject({ critical: 1, high: 1 });
    expect(await findingByFingerprint('t1')).toMatchObject({ state: 'false-positive', reason: 'test files, dev keys', triagedBy: 'ana' });
    expect(await findingByFingerprint('p1')).toMatchObject({ state: 'open' });
    expect(await findingByFingerprint('code-in-tests')).toMatchObject({ state: 'open' });
    const [entry] = await viewer.call('audit.tail', { limit: 1 });
    expect(entry).toMatchObject({ event: 'security_triage', detail: { filter: { kind: ['secret'], pathPrefix: 'tests/' }, count: 2 } });

    // The same again changes nothing and writes no audit entry.
    const again = await operator.call('security.triage', { filter: { kind: ['secret'], pathPrefix: 'tests/' }, state: 'false-positive', reason: 'test files, dev keys', actor: 'ana' });
    expect(again).toMatchObject({ changed: [], unchanged: 2 });
    expect((await viewer.call('audit.tail', { limit: 1 }))[0]!.seq).toBe(entry!.seq);
  });

  it('flags a finding blocking, which closes the gate whatever its severity', async () => {
    importReport(report([finding({ fingerprint: 'm1', severity: 'medium' })]));
    const m1 = await findingByFingerprint('m1');
    expect((await viewer.call('security.gate', {}))!.open).toBe(true);
    await operator.call('security.triage', { ids: [m1.id], blocking: true, reason: 'customer data', actor: 'ana' });
    expect(await viewer.call('security.gate', {})).toMatchObject({ open: false, reasons: ['1 open finding flagged blocking'] });
    expect(await findingByFingerprint('m1')).toMatchObject({ state: 'open', blocking: true });
  });

  it('refuses what triage may not do: viewers, unknown ids, fixed findings, past expiries, acceptance without reason', async () => {
    importReport(report([finding({ fingerprint: 'a' }), finding({ fingerprint: 'b' })]));
    const a = await findingByFingerprint('a');
    importReport(report([finding({ fingerprint: 'b' })])); // a is fixed now
    await expect(viewer.call('security.triage', { ids: [a.id], state: 'confirmed', actor: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(operator.call('security.triage', { ids: [999], state: 'confirmed', actor: 'x' })).rejects.toMatchObject({ code: 'not_found', message: 'no finding 999' });
    await expect(operator.call('security.triage', { ids: [a.id], state: 'confirmed', actor: 'x' })).rejects.toMatchObject({ code: 'conflict' });
    const b = await findingByFingerprint('b');
    await expect(operator.call('security.triage', { ids: [b.id], state: 'accepted', reason: 'r', expiresAt: clock.now() - 1, actor: 'x' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(operator.call('security.triage', { ids: [b.id], state: 'accepted', actor: 'x' })).rejects.toMatchObject({ code: 'invalid_input' });
    // 'fixed' is a re-scan's word: the contract refuses it from anyone.
    expect(await core.dispatch('security.triage', { ids: [b.id], state: 'fixed', actor: 'x' }, { role: 'operator', transport: 'memory' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await findingByFingerprint('b')).toMatchObject({ state: 'open', triagedBy: null });
  });
});

describe('gate', () => {
  it('is null before any scan, and opens when the last High is resolved', async () => {
    expect(await viewer.call('security.gate', {})).toBeNull();
    expect((await viewer.call('security.overview', {})).gate).toBeNull();

    const imported = importReport(report([finding({ fingerprint: 'h1' }), finding({ fingerprint: 'h2' }), finding({ fingerprint: 'l1', severity: 'low' })]));
    let gate = await viewer.call('security.gate', {});
    expect(gate).toMatchObject({ open: false, openBySeverity: { critical: 0, high: 2, low: 1 }, reasons: ['2 open High findings'] });
    expect(gate!.scans).toEqual([{ scanId: String(imported.scans[0]!.id), tool: 'bandit', at: clock.now() }]);

    const h1 = await findingByFingerprint('h1');
    await operator.call('security.triage', { ids: [h1.id], state: 'false-positive', reason: 'sanitised upstream', actor: 'ana' });
    expect(await viewer.call('security.gate', {})).toMatchObject({ open: false, reasons: ['1 open High finding'] });

    clock.advance(3_600_000);
    // The re-scan no longer sees h2: fixed, and the gate opens (the Low is allowed).
    importReport(report([finding({ fingerprint: 'h1' }), finding({ fingerprint: 'l1', severity: 'low' })]));
    gate = await viewer.call('security.gate', {});
    expect(gate).toMatchObject({ open: true, reasons: [], openBySeverity: { high: 0, low: 1 }, asOf: clock.now() });

    const history = await viewer.call('security.history', {});
    expect(history.map((p) => [p.cause, p.open.high])).toEqual([
      ['import', 2],
      ['triage', 1],
      ['import', 0],
    ]);
  });
});

describe('remediation order and deadlines', () => {
  it('lists critical secrets first, then critical CVEs, injection, XSS; then high CVEs, auth, authz, crypto', async () => {
    importReport(
      report([
        finding({ fingerprint: 'high-crypto', ruleId: 'B303', title: 'Use of insecure MD5 hash', cwe: ['CWE-327'] }),
        finding({ fingerprint: 'crit-xss', severity: 'critical', ruleId: 'react-dangerously-set', title: 'XSS via dangerouslySetInnerHTML', cwe: ['CWE-79'] }),
        finding({ fingerprint: 'high-authz', ruleId: 'missing-authz', title: 'Missing authorisation check', cwe: ['CWE-862'] }),
        dependency('crit-cve', 'lodash', 'critical'),
        finding({ fingerprint: 'high-auth', ruleId: 'B106', title: 'Hardcoded password', cwe: ['CWE-259'] }),
        finding({ fingerprint: 'crit-injection', severity: 'critical', ruleId: 'B608', title: 'SQL injection', cwe: ['CWE-89'] }),
        dependency('high-cve', 'minimist', 'high'),
        secret('crit-secret', 'src/aws.py'),
        finding({ fingerprint: 'medium-other', severity: 'medium', ruleId: 'B101', title: 'assert used', cwe: ['CWE-703'] }),
      ]),
    );
    const page = await viewer.call('security.listFindings', {});
    expect(page.findings.map((f) => f.fingerprint)).toEqual([
      'crit-secret',
      'crit-cve',
      'crit-injection',
      'crit-xss',
      'high-cve',
      'high-auth',
      'high-authz',
      'high-crypto',
      'medium-other',
    ]);
    expect(page.findings.map((f) => f.category)).toEqual(['secret', 'dependency', 'injection', 'xss', 'dependency', 'authentication', 'authorisation', 'cryptography', 'other']);
  });

  it('gives each open finding a deadline by severity and its age, and filters the overdue', async () => {
    importReport(report([secret('c1', 'src/a.py'), finding({ fingerprint: 'h1' }), finding({ fingerprint: 'i1', severity: 'info' })]));
    const firstSeen = clock.now();
    clock.advance(2 * DAY);
    const page = await viewer.call('security.listFindings', {});
    expect(page.findings.map((f) => [f.fingerprint, f.deadlineAt, f.overdue, f.ageMs])).toEqual([
      ['c1', firstSeen + DAY, true, 2 * DAY],
      ['h1', firstSeen + 7 * DAY, false, 2 * DAY],
      ['i1', null, false, 2 * DAY],
    ]);
    expect((await viewer.call('security.listFindings', { filter: { overdue: true } })).findings.map((f) => f.fingerprint)).toEqual(['c1']);
    expect((await viewer.call('security.overview', {})).overdue).toBe(1);
  });

  it('filters by state, severity, tool, text and scan, and pages', async () => {
    const first = importReport(report([finding({ fingerprint: 'a', title: 'subprocess with shell' }), dependency('d', 'lodash'), secret('s', 'src/k.py')]));
    importReport(report([finding({ fingerprint: 'e', tool: 'semgrep', severity: 'low' })]));
    const ids = async (filter: object) => (await viewer.call('security.listFindings', { filter })).findings.map((f) => f.fingerprint);
    expect(await ids({ severity: ['high'] })).toEqual(['d', 'a']);
    expect(await ids({ tool: 'semgrep' })).toEqual(['e']);
    expect(await ids({ text: 'LODASH' })).toEqual(['d']);
    expect(await ids({ text: '100%_' })).toEqual([]);
    expect(await ids({ scanId: first.scans.find((s) => s.scope.startsWith('bandit'))!.id })).toEqual(['a']);
    expect(await ids({ state: ['open'], kind: ['secret'] })).toEqual(['s']);
    const page = await viewer.call('security.listFindings', { offset: 1, limit: 2, sort: 'severity', descending: true });
    expect(page).toMatchObject({ total: 4, offset: 1 });
    expect(page.findings.map((f) => f.fingerprint)).toEqual(['a', 'd']);
  });
});
