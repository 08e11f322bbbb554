/** `warroom verdict`, `signoff`, `waive` as a pipeline runs them: real processes on a real data dir. */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { endOfLocalDay } from './board-command.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const temps: { remove(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

function warroom(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(ROOT, 'bin/warroom.js'), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const ONE_SIGNOFF = `version: 1
name: Gate test
defaultEnvironment: staging
environments:
  staging: { label: Staging }
services:
  api: { name: API, baseUrl: "http://127.0.0.1:9" }
board:
  criteria:
    approved:
      title: Stakeholders approve launch
      group: business
      category: validation
      signoff: { role: stakeholders }
    trained:
      title: Team trained on rollback
      group: operational
      category: operations
      signoff: { role: operations }
`;

describe('warroom verdict', () => {
  it('exits 1 with the reasons on a fresh data dir of the rehearsal config', async () => {
    const dir = makeTempDir();
    temps.push(dir);
    const result = await warroom(['verdict', '--data-dir', dir.path, '--config', 'resources/rehearsal.yaml']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^NO-GO {2}0 % \(GO at 90 %\), 18 unknown/);
    expect(result.stdout).toMatch(/BLOCKERS\n {2}services-ready: Every service ready: not observed yet: /);
    const json = await warroom(['verdict', '--json', '--data-dir', dir.path, '--config', 'resources/rehearsal.yaml']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ verdict: 'NO-GO', environment: 'rehearsal', score: 0 });
  }, 30_000);

  it('exits 0 once sign-off and waiver bring the board to GO, and 2 on a bad expiry', async () => {
    const dir = makeTempDir();
    temps.push(dir);
    const config = join(dir.path, 'warroom.yaml');
    writeFileSync(config, ONE_SIGNOFF);
    const common = ['--data-dir', join(dir.path, 'data'), '--config', config];
    expect((await warroom(['signoff', 'approved', '--as', 'Dana', '--note', 'approved at 9:00', ...common])).code).toBe(0);
    const half = await warroom(['verdict', ...common]);
    expect(half.code).toBe(1);
    expect(half.stdout).toMatch(/^NO-GO {2}50 %/);
    expect((await warroom(['waive', 'trained', '--as', 'Lee', '--reason', 'training Monday', '--expires', '2099-13-01', ...common])).code).toBe(2);
    const waived = await warroom(['waive', 'trained', '--as', 'Lee', '--reason', 'training Monday', '--expires', '2099-01-31', ...common]);
    expect(waived).toMatchObject({ code: 0, stdout: expect.stringMatching(/^waived trained until the end of 2099-01-31/) });
    const go = await warroom(['verdict', ...common]);
    expect(go.code).toBe(0);
    expect(go.stdout).toMatch(/^GO {2}100 % \(GO at 90 %\), with 1 waiver/);
    const audit = await warroom(['audit', 'verify', ...common]);
    expect(audit).toMatchObject({ code: 0, stdout: expect.stringMatching(/^audit trail intact: 2 entries/) });
  }, 60_000);
});

describe('endOfLocalDay', () => {
  it('is the local midnight after the day, and null for anything not a calendar date', () => {
    expect(endOfLocalDay('2026-12-10')).toBe(new Date(2026, 11, 11).getTime());
    expect(endOfLocalDay('2026-02-30')).toBeNull();
    expect(endOfLocalDay('10.12.2026')).toBeNull();
  });
});
