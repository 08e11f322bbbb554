#!/usr/bin/env node
// `npm run rebuild:electron-native`: builds better-sqlite3 for the installed Electron into
// native/electron-<abi>/better_sqlite3.node, beside (never instead of) Node's build in
// node_modules/better-sqlite3/build, which tests and the web shell keep using.
//
// Why not electron-builder install-app-deps / electron-rebuild: they rebuild node_modules in
// place, so Node loses its build; and under npm, npm_config_nodedir makes node-gyp compile against
// Node's headers while labelling the result as Electron's (docs: toolchain.md, pitfall 4).
//
// Usage: node scripts/build-electron-native.mjs [--force] [--headers <dir>]
//   --headers <dir>  an unpacked Electron headers tarball (node-v<version>-headers), for machines
//                    that cannot reach https://electronjs.org/headers
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const HEADERS_URL = 'https://electronjs.org/headers';
const PREFLIGHT_TIMEOUT_MS = 8000;
const BUILD_TIMEOUT_MS = 15 * 60 * 1000;

function fail(message) {
  process.stderr.write(`build-electron-native: ${message}\n`);
  process.exit(1);
}

const { values: options } = parseArgs({
  options: { force: { type: 'boolean', default: false }, headers: { type: 'string' } },
  strict: true,
});

// --- What to build for -----------------------------------------------------------------------
const electronDir = join(root, 'node_modules', 'electron');
const sqliteDir = join(root, 'node_modules', 'better-sqlite3');
if (!existsSync(join(electronDir, 'package.json'))) fail('node_modules/electron is not installed (run npm ci).');
if (!existsSync(join(sqliteDir, 'binding.gyp'))) fail('node_modules/better-sqlite3 is not installed (run npm ci).');
const electronVersion = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
const abiFile = join(electronDir, 'abi_version');
if (!existsSync(abiFile)) fail(`${abiFile} is missing: cannot tell Electron ${electronVersion}'s module ABI.`);
const abi = readFileSync(abiFile, 'utf8').trim();
if (!/^\d+$/.test(abi)) fail(`${abiFile} holds "${abi}", not a module ABI number.`);

const outDir = join(root, 'native', `electron-${abi}`);
const outFile = join(outDir, 'better_sqlite3.node');
if (existsSync(outFile) && !options.force) {
  console.log(`${outFile} exists (Electron ${electronVersion}, ABI ${abi}); use --force to rebuild.`);
  process.exit(0);
}

// --- node-gyp: ours, npm's, or the one on PATH -----------------------------------------------
function findNodeGyp() {
  const candidates = [join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')];
  // npm ships node-gyp: <prefix>/lib/node_modules/npm/... on Unix, <prefix>/node_modules/npm/... on Windows.
  const prefixes = [resolve(dirname(process.execPath), '..'), dirname(process.execPath)];
  const npmPrefix = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['prefix', '-g'], {
    encoding: 'utf8',
    shell: process.platform === 'win32',
    timeout: 10_000,
  });
  if (npmPrefix.status === 0 && npmPrefix.stdout.trim()) prefixes.unshift(npmPrefix.stdout.trim());
  for (const prefix of prefixes) {
    candidates.push(join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
    candidates.push(join(prefix, 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  }
  const script = candidates.find((file) => existsSync(file));
  if (script) return { command: process.execPath, prefix: [script] };
  const onPath = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['node-gyp'], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim()) return { command: onPath.stdout.trim().split(/\r?\n/)[0], prefix: [] };
  return undefined;
}
const nodeGyp = findNodeGyp();
if (!nodeGyp) fail('node-gyp not found (neither in node_modules, nor in npm, nor on PATH). Install it: npm install -g node-gyp');

// --- Headers: an explicit directory, node-gyp's cache, or a download ---------------------------
// ~/.electron-gyp is where @electron/rebuild keeps Electron headers too, so the two share them.
const devDir = join(homedir(), '.electron-gyp');
let headersDir;
if (options.headers) {
  headersDir = resolve(options.headers);
  if (!existsSync(join(headersDir, 'include', 'node', 'node_version.h'))) {
    fail(`--headers ${headersDir} has no include/node/node_version.h: expected an unpacked Electron ${electronVersion} headers tarball.`);
  }
} else if (!existsSync(join(devDir, electronVersion, 'include', 'node', 'node_version.h'))) {
  // node-gyp would try the download itself, but may retry or hang on a black-holed network; a
  // short preflight makes an offline machine fail in seconds with a message that says why.
  const probe = `${HEADERS_URL}/v${electronVersion}/SHASUMS256.txt`;
  try {
    const response = await fetch(probe, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(PREFLIGHT_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    const reason = error instanceof Error ? `${error.message}${error.cause ? ` (${error.cause.code ?? error.cause.message ?? error.cause})` : ''}` : String(error);
    fail(
      [
        `cannot download Electron ${electronVersion}'s headers from ${HEADERS_URL}: ${reason}.`,
        `  better-sqlite3 has to be compiled against them for Electron's module ABI ${abi}; Node's own`,
        `  headers would give a module Electron refuses to load. Nothing was changed.`,
        `  Either run this once on a machine with network access (the headers are then cached in ${devDir}),`,
        `  or pass an unpacked headers tarball: node scripts/build-electron-native.mjs --headers <dir>`,
        `  (${HEADERS_URL}/v${electronVersion}/node-v${electronVersion}-headers.tar.gz).`,
        `  The web shell (npm start without Electron, or npm run serve) needs none of this.`,
      ].join('\n'),
    );
  }
}

// --- Build in a copy, so node_modules/better-sqlite3 is never touched --------------------------
const work = mkdtempSync(join(tmpdir(), 'warroom-electron-native-'));
const cleanup = () => rmSync(work, { recursive: true, force: true });
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));

const source = join(work, 'better-sqlite3');
cpSync(sqliteDir, source, {
  recursive: true,
  filter: (path) => {
    const rel = path.slice(sqliteDir.length).replaceAll('\\', '/');
    return !(rel === '/build' || rel.startsWith('/build/') || rel === '/node_modules' || rel.startsWith('/node_modules/'));
  },
});

const env = { ...process.env };
// Set by npm from ~/.npmrc (nodedir=/usr): node-gyp would build against Node's headers instead.
for (const key of Object.keys(env)) {
  if (/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|build_from_source|devdir)$/i.test(key)) delete env[key];
}

const gypArgs = [
  'rebuild',
  '--release',
  '--jobs=max',
  '--runtime=electron',
  `--target=${electronVersion}`,
  `--arch=${process.arch}`,
  `--dist-url=${HEADERS_URL}`,
  `--devdir=${devDir}`,
  ...(headersDir ? [`--nodedir=${headersDir}`] : []),
];
console.log(`Building better-sqlite3 for Electron ${electronVersion} (ABI ${abi}, ${process.platform}-${process.arch}) in ${source}…`);
const code = await new Promise((resolveCode) => {
  const child = spawn(nodeGyp.command, [...nodeGyp.prefix, ...gypArgs], { cwd: source, env, stdio: 'inherit' });
  const timer = setTimeout(() => child.kill('SIGTERM'), BUILD_TIMEOUT_MS);
  child.on('error', (error) => {
    process.stderr.write(`${error.message}\n`);
    resolveCode(1);
  });
  child.on('exit', (exitCode, signal) => {
    clearTimeout(timer);
    resolveCode(exitCode ?? (signal ? 1 : 0));
  });
});
if (code !== 0) fail(`node-gyp failed (exit ${code}); node_modules/better-sqlite3 was not touched.`);

const built = join(source, 'build', 'Release', 'better_sqlite3.node');
if (!existsSync(built)) fail(`node-gyp succeeded but ${built} is missing.`);

// --- Check the ABI the module registers under -----------------------------------------------
// A native module exports node_register_module_v<ABI>; Electron refuses any other ABI at load.
const nm = spawnSync('nm', process.platform === 'darwin' ? ['-gU', built] : ['-D', '--defined-only', built], { encoding: 'utf8' });
if (nm.error || nm.status !== 0) {
  process.stderr.write(`warning: nm is not available (${nm.error?.message ?? nm.stderr.trim()}); the module ABI was not checked.\n`);
} else {
  const found = [...nm.stdout.matchAll(/node_register_module_v(\d+)/g)].map((match) => match[1]);
  if (!found.includes(abi)) {
    fail(
      `the module registers for ABI ${found.join(', ') || '(none)'}, not Electron's ${abi}: it was built against the wrong headers` +
        ` (is a nodedir setting leaking in?). Nothing was installed.`,
    );
  }
}

mkdirSync(outDir, { recursive: true });
copyFileSync(built, outFile);
writeFileSync(
  join(outDir, 'build-info.json'),
  `${JSON.stringify({ electron: electronVersion, abi, platform: process.platform, arch: process.arch, builtAt: new Date().toISOString() }, null, 2)}\n`,
);
console.log(`${outFile}: better-sqlite3 for Electron ${electronVersion} (ABI ${abi}).`);
