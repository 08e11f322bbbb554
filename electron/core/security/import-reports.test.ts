/**
 * Real scanner reports (parsers/fixtures, made by scripts/security-fixtures.sh on the vulnerable
 * sample) imported from files through the contract, re-scanned after the code moved, bad input
 * refused without a trace, and the exports: SARIF valid against the 2.1.0 schema and re-imported.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandClient } from '../../../shared/contract/index.js';
import type { CoreParts } from '../core.js';
import { createCoreClient } from '../rpc/core-client.js';
import { fakeClock } from '../testing/fake-clock.js';
import type { FakeClock } from '../testing/fake-clock.js';
import { makeCoreParts } from '../testing/make-core.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { fixtureText, movedRoot, sampleRoot } from './parsers/fixtures-test-support.js';
import { parseReport } from './parsers/index.js';
import { sarifSchemaProblems } from './testing/sarif-schema.js';

let clock: FakeClock;
let core: CoreParts;
let operator: CommandClient;
let temp: ReturnType<typeof makeTempDir>;

beforeEach(() => {
  clock = fakeClock();
  core = makeCoreParts({ clock, timers: clock });
  operator = createCoreClient(core, { role: 'operator', transport: 'cli' });
  temp = makeTempDir();
});
afterEach(async () => {
  await core.close();
  temp.remove();
});

/** Writes fixtures (relocated to this checkout) into a folder, as a wrapper script would. */
function reportsFolder(name: string, fixtures: readonly string[]): string {
  const dir = join(temp.path, name);
  mkdirSync(dir, { recursive: true });
  for (const fixture of fixtures) writeFileSync(join(dir, fixture), fixtureText(fixture));
  return dir;
}

describe('importing real reports', () => {
  it('imports a folder of four scanners\' reports into one register, one scan per tool', async () => {
    const folder = reportsFolder('security-reports', ['bandit.json', 'eslint.sarif', 'flawfinder.sarif', 'secretlint.json']);
    const result = await operator.call('security.importReports', { paths: [folder], scanRoot: sampleRoot, actor: 'ana' });
    const tools = result.scans.flatMap((s) => s.tools.map((t) => t.tool)).sort();
    expect(tools).toEqual(['ESLint', 'Flawfinder', 'bandit', 'secretlint']);
    expect(result.scans.map((s) => s.sourceFile).sort()).toEqual(['bandit.json', 'eslint.sarif', 'flawfinder.sarif', 'secretlint.json']);
    expect(result.new).toBeGreaterThan(10);
    expect(result).toMatchObject({ fixed: 0, unchanged: 0 });
    expect(result.scans.find((s) => s.tools[0]!.tool === 'bandit')).toMatchObject({ format: 'bandit', warnings: expect.any(Array) });

    const overview = await operator.call('security.overview', {});
    expect(overview.total).toBe(result.new);
    expect(overview.openBySeverity.critical).toBeGreaterThan(0); // the sample's keys
    const secrets = await operator.call('security.listFindings', { filter: { kind: ['secret'] } });
    expect(secrets.findings[0]).toMatchObject({ category: 'secret', severity: 'critical' });
    expect(secrets.findings.every((f) => f.maskedPreview !== null && f.location !== null && !f.location.file.startsWith('/'))).toBe(true);
  });

  it('re-scans the moved code: moved findings unchanged, changed lines fixed and new', async () => {
    const first = await operator.call('security.importReports', {
      paths: [join(reportsFolder('before', ['bandit.json']), 'bandit.json')],
      scanRoot: sampleRoot,
      scope: 'sample-bandit',
      actor: 'ana',
    });
    clock.advance(3_600_000);
    const second = await operator.call('security.importReports', {
      paths: [join(reportsFolder('after', ['bandit-moved.json']), 'bandit-moved.json')],
      scanRoot: movedRoot,
      scope: 'sample-bandit',
      actor: 'ana',
    });
    // make-moved-sample.mjs pushes every finding down and changes one flagged bandit line.
    expect(second).toMatchObject({ new: 1, fixed: 1, unchanged: first.new - 1 });
    const [fixed] = (await operator.call('security.listFindings', { filter: { state: ['fixed'] } })).findings;
    expect(fixed).toMatchObject({ location: { file: 'app/orders.py' }, ruleId: 'B506' });
  });

  it('refuses a bad report naming the file and the problem, and imports nothing of the folder', async () => {
    await operator.call('security.importReports', { paths: [reportsFolder('first', ['bandit.json'])], scanRoot: sampleRoot, actor: 'ana' });
    const before = await operator.call('security.overview', {});
    const folder = reportsFolder('mixed', ['eslint.sarif', 'secretlint.json']);
    writeFileSync(join(folder, 'truncated.sarif'), fixtureText('flawfinder.sarif').slice(0, 500));
    await expect(operator.call('security.importReports', { paths: [folder], scanRoot: sampleRoot, actor: 'ana' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/truncated\.sarif: .*(JSON|truncated|end)/i),
    });
    expect(await operator.call('security.overview', {})).toEqual(before);
    expect(await operator.call('security.listScans', {})).toHaveLength(1);
    expect((await operator.call('audit.tail', { limit: 5 })).map((e) => e.event)).toEqual(['security_import']);
  });

  it('refuses a path that is not there, and an empty folder', async () => {
    await expect(operator.call('security.importReports', { paths: [join(temp.path, 'nope.sarif')], scanRoot: sampleRoot, actor: 'ana' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('nope.sarif: no such file or folder'),
    });
    mkdirSync(join(temp.path, 'empty'));
    await expect(operator.call('security.importReports', { paths: [join(temp.path, 'empty')], scanRoot: sampleRoot, actor: 'ana' })).rejects.toMatchObject({
      message: expect.stringContaining('no report files'),
    });
  });

  it('does not let a web client name files on the core\'s machine', async () => {
    const web = createCoreClient(core, { role: 'operator', transport: 'http' });
    await expect(web.call('security.importReports', { paths: ['/etc/passwd'], scanRoot: '/', actor: 'eve' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('exports', () => {
  beforeEach(async () => {
    await operator.call('security.importReports', { paths: [reportsFolder('reports', ['bandit.json', 'eslint.sarif', 'secretlint.json'])], scanRoot: sampleRoot, actor: 'ana' });
    await operator.call('security.triage', { filter: { kind: ['secret'], pathPrefix: 'tests/' }, state: 'false-positive', reason: 'test files, dev keys', actor: 'ana' });
    const [high] = (await operator.call('security.listFindings', { filter: { severity: ['high'], kind: ['code'] }, limit: 1 })).findings;
    await operator.call('security.triage', {
      ids: [high!.id],
      state: 'accepted',
      reason: 'internal tool only',
      mitigation: 'VPN',
      owner: 'platform team',
      expiresAt: clock.now() + 14 * 86_400_000,
      actor: 'ana',
    });
  });

  it('writes SARIF 2.1.0 that validates against the schema and re-imports with triage as suppressions', async () => {
    const exported = await operator.call('security.export', { format: 'sarif' });
    expect(exported).toMatchObject({ format: 'sarif', mediaType: 'application/sarif+json', fileName: expect.stringMatching(/\.sarif$/) });
    const log: unknown = JSON.parse(exported.content);
    expect(sarifSchemaProblems(log)).toBeNull();

    const reparsed = parseReport({ text: exported.content, fileName: exported.fileName, scanRoot: sampleRoot, format: 'sarif' });
    const overview = await operator.call('security.overview', {});
    expect(reparsed.findings).toHaveLength(overview.total);
    const suppressed = reparsed.findings.filter((f) => f.suppression !== null);
    expect(suppressed.length).toBe(overview.byState['false-positive'] + overview.byState.accepted);
    expect(suppressed.map((f) => f.suppression!.justification)).toEqual(
      expect.arrayContaining([expect.stringContaining('test files, dev keys'), expect.stringMatching(/accepted risk; internal tool only; mitigation: VPN; owner: platform team; until \d{4}-/)]),
    );
    expect(new Set(reparsed.tools.map((t) => t.tool))).toEqual(new Set(['bandit', 'ESLint', 'secretlint']));
  });

  it('writes CSV with one row per finding, and JSON of the register', async () => {
    const overview = await operator.call('security.overview', {});
    const csv = (await operator.call('security.export', { format: 'csv' })).content;
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,severity,state,blocking,category,kind,tools,rule,title,file,line,/);
    expect(lines).toHaveLength(overview.total + 1);
    expect(lines[1]).toMatch(/^\d+,critical,open,no,secret,secret,secretlint,/);
    const json: unknown = JSON.parse((await operator.call('security.export', { format: 'json', filter: { state: ['accepted'] } })).content);
    expect(json).toHaveProperty('findings.length', 1);
    expect(json).toMatchObject({ findings: [{ state: 'accepted', acceptance: { owner: 'platform team' } }], gate: { open: false } });
  });

  it('writes the Markdown security summary: gate, counts, scans, open findings with deadlines, accepted risks', async () => {
    const md = (await operator.call('security.export', { format: 'md' })).content;
    expect(md).toContain('# Security summary');
    expect(md).toMatch(/\*\*CLOSED\*\*:\n\n- \d+ open Critical findings?/);
    expect(md).toMatch(/\| Critical \| \d+ \| 1 \|/);
    expect(md).toContain('| bandit @ ');
    expect(md).toMatch(/### Critical \(\d+\)/);
    expect(md).toMatch(/\| internal tool only \| VPN \| platform team \| \d{4}-\d\d-\d\d \d\d:\d\d UTC \|/);
    expect(md).not.toContain('ghp_');
  });
});
