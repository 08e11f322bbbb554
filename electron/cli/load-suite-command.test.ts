/** `warroom load suite|baseline|accept|withdraw` and the baseline comparison in `load run`, on a real core against a local target. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  writeFileSync(
    join(temp.path, 'warroom.yaml'),
    `version: 1
name: cli suites
defaultEnvironment: production
environments:
  production: { label: Production }
services:
  api: { name: API, baseUrl: "${target.url}" }
probes: { standard: false }
load:
  scenarios:
    mix: { service: api, thinkTime: 50ms, requests: [{ name: GET /fast, path: /fast }] }
    broken: { service: api, thinkTime: 50ms, requests: [{ name: GET /status/500, path: /status/500 }] }
  thresholds: [rate(errors) < 0.01]
  profiles:
    light: { model: closed, users: 2, duration: 1s, scenario: mix }
    failing: { model: closed, users: 2, duration: 1s, scenario: broken }
  suites:
    short: { title: Short suite, profiles: [light, failing], onFailure: continue }
`,
  );
});
afterAll(async () => {
  await target.close();
  temp.remove();
});

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...argv, '--config', join(temp.path, 'warroom.yaml'), '--data-dir', join(temp.path, 'data')], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { USER: 'ana' },
    cwd: temp.path,
  });
  return { code, stdout, stderr };
}

describe('warroom load suite', { timeout: 120_000 }, () => {
  it('runs a suite to its end with a verdict per test, writes the suite report (one file holding every test report), then documents an exception and compares with a baseline', async () => {
    const reports = join(temp.path, 'reports');
    const first = await cli('load', 'suite', 'short', '--json', '--report', reports);
    expect(first.stderr).toMatch(/suite run \d+: Short suite, 2 tests/);
    expect(first.stderr).toMatch(/1\/2 light \(run \d+\): passed/);
    expect(first.code).toBe(1);
    const suite = JSON.parse(first.stdout) as { id: number; state: string; verdict: { verdict: string }; members: { profile: string; run: { id: number } }[] };
    expect(suite).toMatchObject({ state: 'completed', verdict: { verdict: 'failed' } });
    // One file: each test's report is in it, linked from the table.
    const files = readdirSync(reports);
    expect(files).toEqual([expect.stringMatching(/^warroom-suite-short-\d+-\d{8}-\d{4}\.html$/)]);
    const page = readFileSync(join(reports, files[0]!), 'utf8');
    const [light, failing] = suite.members.map((m) => m.run.id);
    for (const id of [light, failing]) {
      expect(page).toContain(`href="#run-${id}"`);
      expect(page).toContain(`<article class="suite-test" id="run-${id}">`);
    }
    expect(first.stderr).toMatch(/suite report written to .*warroom-suite-short-.*\.html \(one file, with the report of each of its 2 tests\)/);

    const accepted = await cli('load', 'accept', String(failing), '--threshold', 'rate(errors) < 0.01', '--reason', 'the stub answers 500', '--owner', 'bo', '--expires', '7d');
    expect(accepted).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^exception \d+ on run \d+: "rate\(errors\) < 0\.01" accepted until /),
    });
    const exceptionId = /^exception (\d+)/.exec(accepted.stdout)![1]!;
    expect(await cli('load', 'withdraw', exceptionId, '--as', 'kim')).toMatchObject({ code: 0, stdout: `exception ${exceptionId} on run ${failing} withdrawn by kim\n` });
    expect(await cli('load', 'withdraw', exceptionId)).toMatchObject({ code: 1, stderr: expect.stringContaining('already withdrawn by kim') });
    expect(await cli('load', 'baseline', String(failing))).toMatchObject({ code: 1, stderr: expect.stringContaining('only a passed run can be a baseline') });
    expect(await cli('load', 'baseline', String(light))).toMatchObject({ code: 0, stdout: `run ${light} is now the baseline of light in production\n` });

    const again = await cli('load', 'suite', 'short');
    // The exception is on the earlier run of `failing`: its new run fails again, and so does the suite.
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/^Short suite: failed: failing failed: rate\(errors\) < 0\.01.*\n1\. light: passed \(run \d+\)\n {2}vs baseline run \d+: (no regression|\d+ regressions?)/);
    expect(again.stdout).toMatch(/\n2\. failing: failed: rate\(errors\) < 0\.01/);

    const run = await cli('load', 'run', 'light');
    expect(run.stdout).toMatch(new RegExp(`vs baseline run ${light}: `));
    expect(await cli('load', 'suite', 'short', '--resume')).toMatchObject({ code: 2, stderr: 'error: no interrupted run of suite short to resume\n' });
    expect(await cli('load', 'suite', 'nope')).toMatchObject({ code: 2, stderr: expect.stringContaining('no load suite "nope"') });
  });
});
