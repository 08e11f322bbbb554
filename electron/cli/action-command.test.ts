import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { openDatabase } from '../core/store/db.js';
import { DATABASE_FILE } from '../core/store/store.js';
import { makeTempDir } from '../core/testing/temp-dir.js';

const temp = makeTempDir();
afterAll(() => temp.remove());
const config = join(temp.path, 'warroom.yaml');
writeFileSync(join(temp.path, 'greet.sh'), '#!/bin/sh\necho "hello $1"\nexit ${2:-0}\n');
chmodSync(join(temp.path, 'greet.sh'), 0o755);
writeFileSync(
  config,
  `version: 1
name: cli actions
defaultEnvironment: staging
environments: { staging: { label: Staging } }
services: { api: { name: API, baseUrl: "http://127.0.0.1:9" } }
probes: { standard: false }
actions:
  greet:
    label: Greet
    argv: [./greet.sh, "{who}", "{code}"]
    params:
      who: { type: choice, choices: [world, team] }
      code: { type: choice, choices: ["0", "4"] }
    confirm: type-environment
`,
);

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...argv, '--config', config, '--data-dir', join(temp.path, 'data')], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { PATH: process.env.PATH },
    cwd: temp.path,
  });
  return { code, stdout, stderr };
}

describe('warroom action and audit', () => {
  it('lists actions, runs one with type-to-confirm, streams its output and returns its exit code', async () => {
    expect((await cli('action', 'list')).stdout).toMatch(/greet\s+Greet[\s\S]*confirm: type-environment/);
    const refused = await cli('action', 'run', 'greet', '-p', 'who=world', '-p', 'code=0');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('type "staging" to confirm');
    const ok = await cli('action', 'run', 'greet', '-p', 'who=world', '-p', 'code=0', '--confirm', 'staging', '--as', 'ana');
    expect(ok).toMatchObject({ code: 0, stdout: 'hello world\n' });
    const failing = await cli('action', 'run', 'greet', '-p', 'who=team', '-p', 'code=4', '--confirm', 'staging', '--as', 'ana');
    expect(failing.code).toBe(4);
    expect(failing.stderr).toContain('greet: failed — exit code 4');
    expect(await cli('action', 'run', 'greet', '-p', 'who=--help', '-p', 'code=0', '--confirm', 'staging')).toMatchObject({ code: 2 });
  });

  it('verifies the audit trail, and fails naming the entry once a row is edited', async () => {
    const intact = await cli('audit', 'verify');
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/^audit trail intact: \d+ entries/);
    const exported = await cli('audit', 'export');
    expect(exported.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { event: string }).event)).toContain('exited');

    const db = openDatabase(join(temp.path, 'data', DATABASE_FILE));
    const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").all() as { name: string }[];
    for (const { name } of triggers) db.exec(`DROP TRIGGER "${name}"`);
    db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3").run();
    db.close();

    const broken = await cli('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/audit trail BROKEN[\s\S]*#3/);
  });
});
