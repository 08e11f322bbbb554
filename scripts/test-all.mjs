// `npm test`: every suite (unit + e2e) against a fresh build, then one closing line
// "N passed, N failed, N skipped" over all of them. Exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';

const reports = 'reports';
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

function run(label, command, args, env = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`[test] ${label}: exit ${result.status ?? result.signal} in ${seconds}s`);
  return result.status === 0;
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

run('unit', npx, ['--no-install', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${reports}/vitest.json`]);
// E2E drives the built app, so build first; a failed build shows up as a missing e2e report.
if (run('build', npm, ['run', 'build'])) {
  run('e2e', npx, ['--no-install', 'playwright', 'test'], { PW_JSON: `${reports}/playwright.json` });
}
const summary = spawnSync(process.execPath, ['scripts/summary.mjs', `${reports}/vitest.json`, `${reports}/playwright.json`], { stdio: 'inherit' });
process.exit(summary.status ?? 1);
