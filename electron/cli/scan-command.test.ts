/**
 * `warroom scan import|list|triage|gate|export` as real processes (bin/warroom.js on the compiled
 * core), on real scanner reports of the vulnerable sample: a triage → re-scan → gate cycle.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { fixtureText, sampleRoot } from '../core/security/parsers/fixtures-test-support.js';

const run = promisify(execFile);
const temp = makeTempDir();
const dataDir = join(temp.path, 'data');
afterAll(() => temp.remove());

async function warroom(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/warroom.js', 'scan', ...argv, '--config', 'resources/rehearsal.yaml', '--data-dir', dataDir], {
      env: { PATH: process.env.PATH, USER: 'ana', HOME: temp.path },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof error.code === 'number' && 'stdout' in error && 'stderr' in error) {
      return { code: error.code, stdout: String(error.stdout), stderr: String(error.stderr) };
    }
    throw error;
  }
}

function folder(name: string, files: Record<string, string>): string {
  const dir = join(temp.path, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

function parseJson(text: string): unknown {
  return JSON.parse(text);
}

/** Every finding's id, state and last sighting (ages move on between calls). */
async function listed(): Promise<unknown> {
  const findings = parseJson((await warroom('list', '--json')).stdout);
  if (!Array.isArray(findings)) throw new Error('scan list --json is not an array');
  return findings.map((f: { id: number; state: string; lastSeenAt: number }) => [f.id, f.state, f.lastSeenAt]);
}

describe('warroom scan', () => {
  // Each step is a fresh process opening the core: seconds each on a busy machine.
  it('imports, lists, triages, re-scans and gates the register', { timeout: 240_000 }, async () => {
    expect(await warroom('gate')).toMatchObject({ code: 1, stdout: expect.stringContaining('NO EVIDENCE') });

    const reports = folder('reports', { 'bandit.json': fixtureText('bandit.json'), 'secretlint.json': fixtureText('secretlint.json') });
    const imported = await warroom('import', reports, '--root', sampleRoot, '--json');
    expect(imported.code).toBe(0);
    const counts = parseJson(imported.stdout);
    expect(counts).toEqual({ new: expect.any(Number), fixed: 0, unchanged: 0, open: { critical: expect.any(Number), high: expect.any(Number), medium: expect.any(Number), low: expect.any(Number), info: expect.any(Number) } });

    const gate = await warroom('gate');
    expect(gate.code).toBe(1);
    expect(gate.stdout).toMatch(/security gate: CLOSED\n {2}- \d+ open Critical findings?/);

    // Every secret under tests/ is a dev key; every other Critical and High gets accepted.
    const bulk = await warroom('triage', '--kind', 'secret', '--path', 'tests/', '--state', 'false-positive', '--reason', 'test files, dev keys', '--as', 'ana');
    expect(bulk).toMatchObject({ code: 0, stdout: expect.stringMatching(/^[1-9]\d* changed/) });
    const listed = await warroom('list', '--state', 'open', '--severity', 'critical,high', '--json');
    const open = parseJson(listed.stdout);
    if (!Array.isArray(open)) throw new Error('scan list --json is not an array');
    const ids = open.map((f: { id: number }) => String(f.id));
    expect(ids.length).toBeGreaterThan(0);
    const accepted = await warroom('triage', ...ids, '--state', 'accepted', '--reason', 'launch with WAF', '--owner', 'ops', '--expires', '2099-12-31', '--as', 'bo');
    expect(accepted.code).toBe(0);
    expect(await warroom('gate')).toMatchObject({ code: 0, stdout: expect.stringContaining('security gate: OPEN') });

    // A re-scan with nothing found by bandit fixes bandit's findings.
    const empty = folder('rescan', { 'bandit.json': JSON.stringify({ errors: [], generated_at: '2026-12-05T20:00:00Z', metrics: {}, results: [] }) });
    const rescan = await warroom('import', join(empty, 'bandit.json'), '--root', sampleRoot, '--format', 'bandit');
    expect(rescan.code).toBe(0);
    expect(rescan.stdout).toMatch(/^0 new, [1-9]\d* fixed, 0 unchanged\nopen: critical \d+/);

    const md = join(temp.path, 'summary.md');
    expect(await warroom('export', '--format', 'md', '--out', md)).toMatchObject({ code: 0 });
    expect(readFileSync(md, 'utf8')).toMatch(/# Security summary[\s\S]*## Accepted risks[\s\S]*launch with WAF \| — \| ops \| 2100-01-01 00:00 UTC \|/);
    const sarif = await warroom('export', '--format', 'sarif');
    expect(parseJson(sarif.stdout)).toMatchObject({ version: '2.1.0' });
  });

  it('refuses a bad report with exit 2 naming the file, and leaves the register as it was', { timeout: 120_000 }, async () => {
    const before = await listed();
    const bad = folder('bad', { 'eslint.sarif': fixtureText('eslint.sarif'), 'broken.json': '{"results": [' });
    const result = await warroom('import', bad, '--root', sampleRoot);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/broken\.json: /);
    expect(await listed()).toEqual(before);
  });

  it('answers usage errors with exit 2', { timeout: 120_000 }, async () => {
    expect((await warroom('triage', '1', '--state', 'fixed')).code).toBe(2);
    expect((await warroom('triage', '--state', 'confirmed')).code).toBe(2);
    expect((await warroom('triage', '1', '--state', 'accepted', '--expires', '2026-02-30', '--reason', 'r')).code).toBe(2);
    expect(await warroom('triage', '999999', '--state', 'confirmed')).toMatchObject({ code: 2, stderr: expect.stringContaining('no finding 999999') });
  });
});
