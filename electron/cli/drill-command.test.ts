/** `warroom drill list|run` on a real core with real scripts: exit codes, manual steps, the lock. */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliIn } from './testing/cli-run.js';
import { acquireDataDirLock } from '../core/instance/data-dir-lock.js';
import { makeTempDir } from '../core/testing/temp-dir.js';

const temp = makeTempDir();
afterAll(() => temp.remove());
const config = join(temp.path, 'warroom.yaml');
writeFileSync(join(temp.path, 'step.sh'), '#!/bin/sh\necho "step $1"\nexit ${2:-0}\n');
chmodSync(join(temp.path, 'step.sh'), 0o755);
writeFileSync(
  config,
  `version: 1
name: cli drills
defaultEnvironment: staging
environments: { staging: { label: Staging } }
services: { api: { name: API, baseUrl: "http://127.0.0.1:9" } }
probes: { standard: false }
actions:
  check: { label: Check, argv: [./step.sh, check], confirm: none }
  migrate: { label: Migrate, argv: [./step.sh, migrate, "3"], confirm: none }
  rollback: { label: Roll back, argv: [./step.sh, rollback], confirm: none }
drills:
  release:
    label: Release
    steps:
      - { name: Check, action: check }
      - { name: Look at the console, manual: "Goals load in the console" }
  broken:
    label: Broken
    confirm: click
    steps:
      - { name: Migrate, action: migrate }
      - { name: Check, action: check }
    recovery: { name: Roll back, action: rollback }
  outage:
    label: Outage
    confirm: none
    steps:
      - { name: Stop the API, fault: { service: api, kind: stop } }
`,
);

const cli = cliIn({ config, dataDir: join(temp.path, 'data'), cwd: temp.path });

describe('warroom drill', () => {
  it('lists drills with their steps, and as JSON', async () => {
    const listed = await cli('drill', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/release\s+Release\n\s+confirm: type-environment; never passed here\n\s+1\. Check — action check\n\s+2\. Look at the console — confirm: Goals load in the console/);
    expect(listed.stdout).toMatch(/outage\s+Outage \(not here: outage injects a fault \("Stop the API"\): only in a rehearsal environment, and staging is not one\)/);
    const json = JSON.parse((await cli('drill', 'list', '--json')).stdout) as { id: string }[];
    expect(json.map((d) => d.id)).toEqual(['release', 'broken', 'outage']);
  });

  it('exits 0 only when every step passed: --yes accepts the manual step, without it the step is declined', async () => {
    expect(await cli('drill', 'run', 'release')).toMatchObject({ code: 2, stderr: 'error: release asks you to type "staging" to confirm: pass --confirm staging\n' });

    const passed = await cli('drill', 'run', 'release', '--confirm', 'staging', '--yes', '--as', 'ana');
    expect(passed.stdout).toBe('step check\n');
    expect(passed.stderr).toContain('step 1/2 Check: passed in ');
    expect(passed.stderr).toMatch(/step 2\/2 Look at the console: waiting — waiting for an operator: Goals load in the console\n/);
    expect(passed.stderr).toMatch(/\[warroom\] Release: passed: 2 steps in .*\n$/);
    expect(passed.code).toBe(0);

    const declined = await cli('drill', 'run', 'release', '--confirm', 'staging', '--as', 'ana', '--json');
    expect(declined.code).toBe(1);
    expect(declined.stderr).toContain('manual step "Look at the console" needs an operator: pass --yes');
    expect(JSON.parse(declined.stdout)).toMatchObject({ state: 'failed', stoppedAt: 1, verdict: 'failed at step 2 (Look at the console): declined by ana' });
  });

  it('exits 1 at a failing step, runs the recovery only with --recover, and says why a drill is refused', async () => {
    const failed = await cli('drill', 'run', 'broken', '--yes', '--as', 'bo');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('recovery "Roll back" not run (pass --recover to run it)');
    expect(failed.stderr).toMatch(/Broken: failed at step 1 \(Migrate\): action migrate \(run \d+\): failed \(exit code 3\); recovery declined by bo\n$/);

    const recovered = await cli('drill', 'run', 'broken', '--yes', '--recover', '--as', 'bo');
    expect(recovered.code).toBe(1);
    expect(recovered.stdout).toBe('step migrate\nstep rollback\n');
    expect(recovered.stderr).toMatch(/; recovery "Roll back" passed\n$/);

    expect(await cli('drill', 'run', 'outage')).toMatchObject({ code: 1, stderr: 'error: outage injects a fault ("Stop the API"): only in a rehearsal environment, and staging is not one\n' });
    expect(await cli('drill', 'run', 'nope')).toMatchObject({ code: 2, stderr: 'error: no drill "nope" in the config (known: release, broken, outage)\n' });
  });

  it('refuses to start while an app holds the data dir, naming it', async () => {
    const lock = acquireDataDirLock({ dataDir: join(temp.path, 'data'), shell: 'web', now: Date.now, warn: () => {} });
    try {
      const refused = await cli('drill', 'run', 'release', '--confirm', 'staging', '--yes');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^error: warroom serve \(pid \d+, since .*\) holds .*; run it from the app, or stop it first\n$/);
      expect((await cli('drill', 'list')).code).toBe(0);
    } finally {
      lock.release();
    }
  });
});
