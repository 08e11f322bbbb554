#!/usr/bin/env node
// The rehearsal's wrapper scanner, as teams write them: runs every scanner on one folder and
// writes each report into the report folder, which Warroom then imports whole
// (security.scanners.<id>.output: {folder: …}). Usage:
//   node security-scan.mjs SCAN_ROOT [REPORT_FOLDER]
// REPORT_FOLDER defaults to $WARROOM_REPORT_PATH (set by Warroom for a folder output).
// Scanners exit non-zero when they find something; only a report that is missing counts, and
// this script says which tool did not write one (e.g. not installed) and exits 3.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(repo, 'node_modules/.bin');
const [rootArg, folderArg] = process.argv.slice(2);
const folder = folderArg ?? process.env.WARROOM_REPORT_PATH;
if (!rootArg || !folder) {
  console.error('usage: security-scan.mjs SCAN_ROOT [REPORT_FOLDER] (or set WARROOM_REPORT_PATH)');
  process.exit(2);
}
const root = resolve(rootArg);
const out = resolve(folder);
mkdirSync(out, { recursive: true });

/** Each tool writes one report; the command is argv, run in the scan root. */
const tools = [
  { name: 'bandit', report: 'bandit.json', argv: ['bandit', '-q', '-r', '.', '-f', 'json', '-o', join(out, 'bandit.json')] },
  { name: 'flawfinder', report: 'flawfinder.sarif', argv: ['flawfinder', '--sarif', '.'], stdout: true },
  {
    name: 'eslint',
    report: 'eslint.sarif',
    argv: [join(bin, 'eslint'), '--no-config-lookup', '--config', join(repo, 'scripts/security/sample-eslint.config.mjs'), '--format', join(repo, 'node_modules/@microsoft/eslint-formatter-sarif/sarif.js'), '-o', join(out, 'eslint.sarif'), '.'],
  },
  {
    name: 'secretlint',
    report: 'secretlint.sarif',
    argv: [join(bin, 'secretlint'), '--secretlintrc', join(repo, 'scripts/security/sample.secretlintrc.json'), '--secretlintignore', '/dev/null', '--format', '@secretlint/secretlint-formatter-sarif', '--output', join(out, 'secretlint.sarif'), '**/*'],
  },
];

let missing = 0;
for (const tool of tools) {
  const report = join(out, tool.report);
  rmSync(report, { force: true }); // a report left from an earlier run must not pass for this one
  console.error(`[scan] ${tool.name} on ${root}`);
  const run = spawnSync(tool.argv[0], tool.argv.slice(1), { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) {
    console.error(`[scan] ${tool.name}: ${run.error.code === 'ENOENT' ? 'not installed' : run.error.message}`);
  } else {
    if (tool.stdout) writeReport(report, run.stdout);
    if (run.stderr) process.stderr.write(run.stderr);
    console.error(`[scan] ${tool.name}: exit ${run.status ?? run.signal}`);
  }
  if (!exists(report)) {
    missing += 1;
    console.error(`[scan] ${tool.name}: wrote no report`);
  }
}
process.exit(missing > 0 ? 3 : 0);

function writeReport(path, text) {
  if (text) writeFileSync(path, text);
}
function exists(path) {
  try {
    return statSync(path).size > 0;
  } catch {
    return false;
  }
}
