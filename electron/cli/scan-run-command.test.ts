/**
 * `warroom scan` running the rehearsal config's scanners as a real process: bandit's report is
 * imported, the npm audit the registry refuses fails as "dependency audit unavailable", and the
 * exit code is 2 because a scanner failed.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { makeTempDir } from '../core/testing/temp-dir.js';

const run = promisify(execFile);
const temp = makeTempDir();
afterAll(() => temp.remove());

async function warroom(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/warroom.js', 'scan', ...argv, '--config', 'resources/rehearsal.yaml', '--data-dir', join(temp.path, 'data')], {
      env: { PATH: process.env.PATH, USER: 'ana', HOME: temp.path },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof error.code === 'number' && 'stdout' in error && 'stderr' in error) {
      return { code: error.code, stdout: String(error.stdout), stderr: String(error.stderr) };
    }
    throw error;
  }
}

it('runs the named scanners, prints each result and the gate, and exits 2 when one failed', { timeout: 240_000 }, async () => {
  const both = await warroom('--scanner', 'sample-bandit', '--scanner', 'sample-npm-audit');
  expect(both.code).toBe(2);
  expect(both.stdout).toMatch(/^sample-bandit: ok — 7 new, 0 fixed, 0 unchanged \(scan \d+; stdout\)$/m);
  expect(both.stdout).toMatch(/^sample-npm-audit: FAILED — dependency audit unavailable: \S/m);
  expect(both.stdout).toContain('security gate: CLOSED');
  expect(both.stderr).toContain('[warroom] scanner sample-bandit (run 1) started');

  const again = await warroom('--scanner', 'sample-bandit', '--json');
  expect(again.code).toBe(1); // every scanner ok, the gate closed (bandit's High)
  const result = JSON.parse(again.stdout) as { runs: { scannerId: string; status: string; counts: unknown }[]; gate: { open: boolean } };
  expect(result.runs).toEqual([expect.objectContaining({ scannerId: 'sample-bandit', status: 'ok', counts: { new: 0, fixed: 0, unchanged: 7, reopened: 0 } })]);
  expect(result.gate.open).toBe(false);

  const unknown = await warroom('--scanner', 'nope');
  expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('no scanner "nope" in the config') });
});
