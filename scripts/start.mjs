#!/usr/bin/env node
// `npm start`: the Electron shell where Electron's binary exists, the web shell everywhere else.
// Rebuilds first when the build is missing or older than the sources. Never requires 'electron':
// in plain Node that starts a download of the binary, which fails on machines without one.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

/** Outputs of `npm run build` that a start needs. */
const BUILD_OUTPUTS = ['dist-node/electron/main/main.js', 'dist-node/electron/main/preload.cjs', 'dist/renderer/index.html'];
/** Inputs of `npm run build`: the source trees, and the root files that configure the build. */
const SOURCE_DIRS = ['electron', 'shared', 'renderer'];
const ROOT_INPUT = /^(package\.json|tsconfig.*\.json|vite(\.[\w-]+)?\.config\.ts)$/;

/** Same check as e2e/electron-binary.ts (keep the two in step). */
function electronBinary() {
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH?.trim();
  const path = override ? join(override, relative || 'electron') : relative ? join(packageDir, 'dist', relative) : undefined;
  return path && existsSync(path) ? path : undefined;
}

function newestSource() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      // Tests are not part of the build.
      else if (!/\.test\.[cm]?tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) visit(join(root, dir));
  for (const name of readdirSync(root)) if (ROOT_INPUT.test(name)) newest = Math.max(newest, statSync(join(root, name)).mtimeMs);
  return newest;
}

function buildIsStale() {
  const outputs = BUILD_OUTPUTS.map((file) => join(root, file));
  if (outputs.some((file) => !existsSync(file))) return true;
  const oldestOutput = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  return newestSource() > oldestOutput;
}

/** The child that runs now (build, native build, app): it gets our SIGINT/SIGTERM. */
let current;
let stoppedBy;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stoppedBy = signal;
    if (current && current.exitCode === null && current.signalCode === null) current.kill(signal);
    else process.exit(exitCodeFor(null, signal));
  });
}

function exitCodeFor(code, signal) {
  return code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1);
}

/** Runs a child to its end; resolves with its exit code (128+n when a signal ended it). */
function run(command, childArgs, { stdio = 'inherit', env = process.env, shell = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, childArgs, { cwd: root, stdio, env, shell });
    current = child;
    child.on('error', (error) => {
      process.stderr.write(`could not start ${command}: ${error.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      current = undefined;
      resolve(exitCodeFor(code, signal));
    });
  });
}

/** Runs a step; leaves with its code when it failed or when we were told to stop. */
async function step(command, childArgs, options) {
  const code = await run(command, childArgs, options);
  if (stoppedBy || code !== 0) process.exit(code === 0 ? exitCodeFor(null, stoppedBy) : code);
}

async function ensureFreshBuild() {
  if (!buildIsStale()) return;
  // On stderr, so that stdout stays the app's own (the serve banner with its URL).
  process.stderr.write('The build is missing or older than the sources: running npm run build…\n');
  // Through the npm that runs us when there is one: no shell, no npm.cmd lookup.
  const npmCli = process.env.npm_execpath;
  const options = { stdio: ['ignore', 2, 2] };
  const code =
    npmCli && /\.[cm]?js$/.test(npmCli)
      ? await run(process.execPath, [npmCli, 'run', 'build'], options)
      : await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { ...options, shell: process.platform === 'win32' });
  if (stoppedBy) process.exit(exitCodeFor(null, stoppedBy));
  if (code !== 0) {
    process.stderr.write('npm run build failed (see above); not starting.\n');
    process.exit(code);
  }
}

function electronAbi() {
  return readFileSync(join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
}

const electron = electronBinary();
if (electron) {
  await ensureFreshBuild();
  const native = join(root, 'native', `electron-${electronAbi()}`, 'better_sqlite3.node');
  if (!existsSync(native)) await step(process.execPath, [join(root, 'scripts', 'build-electron-native.mjs')]);
  const env = { ...process.env };
  // Set by some tools; it would make the binary behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  process.exit(await run(electron, ['.', ...args], { env }));
} else {
  // --kiosk is the Electron window's; a browser is made full-screen by the person at the wall.
  const serveArgs = args.filter((arg) => arg !== '--kiosk');
  const kioskNote = serveArgs.length !== args.length ? ' (--kiosk ignored: make the browser full-screen)' : '';
  console.log(`Electron is not installed on this machine (its binary cannot be downloaded here); starting the web shell instead${kioskNote}.`);
  await ensureFreshBuild();
  process.exit(await run(process.execPath, [join(root, 'bin', 'warroom.js'), 'serve', '--open', ...serveArgs]));
}
