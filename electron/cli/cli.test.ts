import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import type { CliIo } from './cli.js';
import { appVersion } from '../core/paths.js';
import { makeTempDir } from '../core/testing/temp-dir.js';

const temp = makeTempDir();
afterAll(() => temp.remove());

async function cli(argv: string[], extra: Partial<CliIo> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: temp.path,
    ...extra,
  });
  return { code, stdout, stderr };
}

describe('warroom command line', () => {
  it('prints its version and help with exit 0', async () => {
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `${appVersion()}\n` });
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/serve/);
    const serveHelp = await cli(['serve', '--help']);
    expect(serveHelp.stdout).toMatch(/--read-only/);
    expect(serveHelp.stdout).toMatch(/--data-dir/);
    expect(serveHelp.stdout).toMatch(/--config/);
  });

  it('exits 2 on an unknown command or option', async () => {
    expect(await cli(['launch'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown command 'launch'/) });
    expect(await cli(['serve', '--bogus'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown option '--bogus'/) });
    expect(await cli(['serve', '--port', 'eighty'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/port number/) });
  });

  it('checks the bundled rehearsal config when there is no ./warroom.yaml', async () => {
    const result = await cli(['config', 'check', '--json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { ok: boolean; summary: { source: { bundled: boolean }; services: unknown[] } };
    expect(parsed.ok).toBe(true);
    expect(parsed.summary.source.bundled).toBe(true);
    expect(parsed.summary.services).toHaveLength(11);
  });

  it('prefers ./warroom.yaml, and reports a broken one with line and column, exit 2', async () => {
    writeFileSync(join(temp.path, 'warroom.yaml'), 'version: 1\nname: x\ndefaultEnvironment: a\nenvironments:\n  a: {label: A}\nservices:\n  s:\n    name: S\n    baseUrl: 12\n');
    const human = await cli(['config', 'check']);
    expect(human.code).toBe(2);
    expect(human.stderr).toContain(`${join(temp.path, 'warroom.yaml')}:9:14: services.s.baseUrl:`);
    const json = await cli(['config', 'check', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, issues: [{ line: 9, col: 14, path: 'services.s.baseUrl' }] });
  });

  it('reports a missing --config path instead of falling back', async () => {
    const result = await cli(['config', 'check', '--config', 'nope.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(temp.path, 'nope.yaml')}: cannot read: file not found`);
  });

  it('serves until stopped, printing where, and stores in --data-dir', async () => {
    const dataDir = join(temp.path, 'data');
    const running = cli(['serve', '--port', '0', '--config', join(process.cwd(), 'resources/rehearsal.yaml'), '--data-dir', 'data', '--read-only', '--rehearsal', 'off'], {
      untilStopped: () => Promise.resolve(), // asked once it serves: stop at once
    });
    const result = await running;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/web shell \(read-only\)/);
    expect(result.stdout).toContain(`data    ${dataDir}`);
    expect(result.stdout).toMatch(/url {5}http:\/\/127\.0\.0\.1:\d+\//);
  });

  it('prints the wall display\'s URL with --wall, so opening it opens the wall', async () => {
    const result = await cli(['serve', '--port', '0', '--config', join(process.cwd(), 'resources/rehearsal.yaml'), '--data-dir', 'data-wall', '--read-only', '--wall', '--rehearsal', 'off'], {
      untilStopped: () => Promise.resolve(),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/web shell \(read-only\) — wall display/);
    expect(result.stdout).toMatch(/url {5}http:\/\/127\.0\.0\.1:\d+\/\?wall\n/);
  });

  it('requires WARROOM_TOKEN when it is set, without echoing it', async () => {
    const running = cli(['serve', '--port', '0', '--data-dir', 'data2', '--rehearsal', 'off', '--config', join(process.cwd(), 'resources/rehearsal.yaml')], { env: { WARROOM_TOKEN: 'from-env-0123456789' }, untilStopped: () => Promise.resolve() });
    const result = await running;
    expect(result.stdout).toContain('token   from WARROOM_TOKEN');
    expect(result.stdout).not.toContain('from-env');
  });

  it('refuses a WARROOM_TOKEN shorter than 16 characters, exit 2, and serves nothing', async () => {
    let served = false;
    const result = await cli(['serve', '--port', '0', '--data-dir', 'data3', '--rehearsal', 'off', '--config', join(process.cwd(), 'resources/rehearsal.yaml')], {
      env: { WARROOM_TOKEN: 'x' },
      untilStopped: () => {
        served = true;
        return Promise.resolve();
      },
    });
    expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining('WARROOM_TOKEN is 1 character; it must be at least 16') });
    expect(result.stderr).not.toContain("'x'");
    expect(served).toBe(false);
  });
});
