import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoadTarget } from '../core/load/testing/load-target.js';
import type { LoadTarget } from '../core/load/testing/load-target.js';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { runCli } from './cli.js';

const temp = makeTempDir();
let target: LoadTarget;
beforeAll(async () => {
  target = await startLoadTarget();
});
afterAll(async () => {
  await target.close();
  temp.remove();
});

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...argv, '--config', join(process.cwd(), 'resources/rehearsal.yaml'), '--data-dir', join(temp.path, 'data')], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { USER: 'ana' },
    cwd: temp.path,
  });
  return { code, stdout, stderr };
}

describe('warroom load (through the core client)', () => {
  it('runs a quick test of one URL to its end, prints the summary as JSON and writes the HTML report', async () => {
    const report = join(temp.path, 'quick.html');
    const result = await cli('load', '--url', new URL('/fast', target.url).href, '--users', '2', '--duration', '1s', '--threshold', 'rate(errors) < 0.5', '--json', '--report', report);
    expect(result.stderr).toMatch(/load run \d+: quick against http:\/\/127\.0\.0\.1:\d+/);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { outcome: string; profile: string; total: { requests: number }; thresholds: { passed: boolean }[] };
    expect(summary).toMatchObject({ outcome: 'passed', profile: 'quick', thresholds: [{ passed: true }] });
    expect(summary.total.requests).toBeGreaterThan(0);
    expect(readFileSync(report, 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('exits 1 when a threshold fails, and 2 when the core refuses the request', async () => {
    const failing = await cli('load', '--url', new URL('/fast', target.url).href, '--rate', '5', '--duration', '1s', '--threshold', 'rps > 1000000');
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/quick: FAILED/);
    const unknown = await cli('load', 'run', 'no-such-profile');
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('no load profile "no-such-profile"') });
    const badThreshold = await cli('load', '--url', new URL('/fast', target.url).href, '--rate', '5', '--threshold', '');
    expect(badThreshold).toMatchObject({ code: 2, stderr: expect.stringContaining('invalid input for load.startQuick') });
  });
});
