// The deliberately vulnerable sample and the fixtures made from it are scanned on purpose and
// never linted or secret-scanned as this repository's own code.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { expect, test } from 'vitest';
import { fixturesDir, sampleRoot } from './fixtures-test-support.js';

const repo = resolve(sampleRoot, '../../..');

test("this repository's ESLint ignores the vulnerable sample and the parser fixtures, not the parsers", async () => {
  const eslint = new ESLint({ cwd: repo });
  expect(await eslint.isPathIgnored(join(sampleRoot, 'web/render.js'))).toBe(true);
  expect(await eslint.isPathIgnored(join(fixturesDir, 'vulnerable-sample-moved/web/render.js'))).toBe(true);
  expect(await eslint.isPathIgnored(join(repo, 'electron/core/security/parsers/sarif.ts'))).toBe(false);
}, 60_000);

test("secretlint run from the repository root skips the sample (.secretlintignore), and finds its secrets without it", () => {
  // secretlint exits 1 when it finds a secret, 0 when it finds none.
  const secretlint = (...extra: string[]) => {
    const run = spawnSync(join(repo, 'node_modules/.bin/secretlint'), ['--secretlintrc', 'scripts/security/sample.secretlintrc.json', '--format', 'json', ...extra, 'resources/rehearsal/vulnerable-sample/config/aws.env'], {
      cwd: repo,
      encoding: 'utf8',
    });
    const found: unknown = JSON.parse(run.stdout);
    return { status: run.status, found };
  };
  expect(secretlint()).toEqual({ status: 0, found: [] });
  expect(secretlint('--secretlintignore', '/dev/null')).toEqual({ status: 1, found: [expect.objectContaining({ messages: [expect.anything(), expect.anything()] })] });
}, 60_000);
