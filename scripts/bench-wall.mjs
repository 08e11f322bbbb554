// Soak check of the wall display: a wall page left open must not grow, must stay cheap while idle,
// and must replay any minute of the last 7 days in under 300 ms.
// It seeds a data dir with 7 days of evidence (probe results every 10 s for the bundled rehearsal
// config's 22 probes, a status change per service a day, load runs), serves it (`warroom serve
// --wall`, the rehearsal platform started with it), plays the platform's scenarios in a loop (and a
// smoke load test every few minutes, for the live chart), and drives Chromium on ?wall. It prints
// the page's JS heap and DOM node count at start, after warm-up and at the end, frames dropped,
// the page's CPU while nobody touches it, the core's RSS, and replay draw times (click → REPLAY
// drawn) for random moments of the last 7 days.
// Run (the platform's ports 8001-8013 are fixed, so hold the e2e lock):
//   flock /tmp/warroom-e2e.lock npm run bench:wall -- --minutes 10
// Options: --minutes N (default 10), --replays N (default 30), --keep (leave the data dir),
// --profile FILE (after the soak, one more idle minute under the CPU profiler: the profile goes to
// FILE, the functions that took the most time are printed; that minute is not in the CPU figures).
/* global window, document, requestAnimationFrame, MutationObserver -- code passed to page.evaluate runs in the page */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { chromium } from '@playwright/test';
import { openStore, DATABASE_FILE } from '../dist-node/electron/core/store/store.js';
import { loadConfigFile } from '../dist-node/electron/core/config/load-config.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    replays: { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
    profile: { type: 'string' },
  },
});
const MINUTES = Number(values.minutes);
const REPLAYS = Number(values.replays);
if (!(MINUTES > 0) || !(REPLAYS >= 0)) throw new Error('--minutes must be > 0 and --replays >= 0');
const ROOT = resolve(import.meta.dirname, '..');
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const WARM_UP_MS = Math.min(2 * M, (MINUTES * M) / 4);

const log = (line) => process.stdout.write(`${line}\n`);
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const navigatorCores = () => availableParallelism();
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// ---- 1. seed 7 days of evidence ----
const configPath = join(ROOT, 'resources', 'rehearsal.yaml');
const { config } = loadConfigFile(configPath, { bundled: true });
const SERVICES = Object.keys(config.services);
const dir = mkdtempSync(join(tmpdir(), 'warroom-bench-wall-'));
const NOW = Date.now();
openStore({ dataDir: dir, now: () => NOW }).close(); // the real migrations make the schema
const db = new Database(join(dir, DATABASE_FILE));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = OFF');
let t0 = performance.now();
// Evidence of the environment the wall's core watches (the rehearsal config's only one).
const probe = db.prepare("INSERT INTO probe_results (environment, probe_id, service, at, outcome, latency_ms, detail) VALUES ('rehearsal', ?, ?, ?, ?, ?, ?)");
let probeRows = 0;
const writeProbes = db.transaction((from, to) => {
  for (let at = from; at < to; at += 10 * S) {
    for (const service of SERVICES) {
      for (const name of ['live', 'ready']) {
        probe.run(`${service}/${name}`, service, at, 0, 10 + (at % 37), 'HTTP 200');
        probeRows += 1;
      }
    }
  }
});
for (let from = NOW - 7 * D - H; from < NOW - M; from += 6 * H) writeProbes(from, Math.min(NOW - M, from + 6 * H));
const transition = db.prepare("INSERT INTO health_transitions (environment, service, probe_id, at, from_status, to_status, reason, caused_by) VALUES ('rehearsal', ?, NULL, ?, ?, ?, ?, NULL)");
db.transaction(() => {
  SERVICES.forEach((service, i) => {
    transition.run(service, NOW - 7 * D - H, 'unknown', 'up', 'probed');
    for (let day = NOW - 7 * D; day < NOW - D; day += D) {
      const downAt = day + ((i * 131) % 1440) * M;
      transition.run(service, downAt, 'up', 'down', 'HTTP 503');
      transition.run(service, downAt + 5 * M, 'down', 'up', 'HTTP 200');
    }
  });
})();
// The seeded minutes count as rolled up, so the core's rollup job does not spend the run on them.
db.prepare('INSERT OR REPLACE INTO probe_rollup_progress (id, rolled_until_at) VALUES (1, ?)').run(Math.floor((NOW - M) / M) * M);
db.close();
log(`seeded ${probeRows.toLocaleString('en')} probe results over 7 days in ${((performance.now() - t0) / 1000).toFixed(1)} s (${dir})`);

// ---- 2. serve it, with the rehearsal platform ----
const serve = spawn(process.execPath, ['bin/warroom.js', 'serve', '--port', '0', '--data-dir', dir, '--config', configPath, '--rehearsal', 'auto', '--wall'], {
  cwd: ROOT,
  env: { ...process.env, WARROOM_TOKEN: '' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
// However this script ends (a failure included), the server and its platform go with it.
process.once('exit', () => {
  if (serve.exitCode === null && serve.signalCode === null) serve.kill('SIGTERM');
});
let stderr = '';
serve.stderr.setEncoding('utf8').on('data', (chunk) => (stderr = (stderr + chunk).slice(-8000)));
const url = await new Promise((done, fail) => {
  let out = '';
  const timer = setTimeout(() => fail(new Error(`serve did not start in 60 s:\n${out}\n${stderr}`)), 60_000);
  serve.stdout.setEncoding('utf8').on('data', (chunk) => {
    out += chunk;
    const match = /url\s+(http:\/\/\S+)/.exec(out);
    if (match) {
      clearTimeout(timer);
      done(match[1]);
    }
  });
  serve.once('exit', (code, signal) => fail(new Error(`serve exited (${signal ?? code}):\n${stderr}`)));
});
const base = new URL('/', url).toString();
const rssOf = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
async function rpc(name, input = {}) {
  const response = await fetch(`${base}rpc/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
  const body = await response.json();
  if (!body.ok) throw new Error(`${name}: ${body.error.code}: ${body.error.message}`);
  return body.value;
}

// ---- 3. the scenarios in a loop, a smoke test now and then ----
let stopLoop = false;
const played = [];
let loadRuns = 0;
/** The platform's status once it runs (the app starts it with itself). */
async function platform() {
  for (let tries = 0; tries < 60; tries += 1) {
    const state = await rpc('rehearsal.status');
    if (state.state === 'running') return state.status;
    await sleep(1000);
  }
  throw new Error('the rehearsal platform did not start in 60 s');
}
const loop = (async () => {
  const scenarios = (await platform()).scenarios.map((s) => s.name);
  let next = 0;
  let lastLoadAt = 0;
  while (!stopLoop) {
    const name = scenarios[next % scenarios.length];
    next += 1;
    await rpc('rehearsal.reset');
    await rpc('rehearsal.scenario.start', { name, speed: 4 });
    played.push(name);
    while (!stopLoop) {
      await sleep(3000);
      if (Date.now() - lastLoadAt > 4 * M) {
        lastLoadAt = Date.now();
        await rpc('load.start', { profile: 'smoke', actor: 'bench' }).then(() => (loadRuns += 1), () => undefined);
      }
      const scenario = (await platform()).scenario;
      if (!scenario || scenario.state !== 'running') break;
    }
  }
  await rpc('rehearsal.scenario.stop').catch(() => undefined);
})();

// ---- 4. the wall in Chromium ----
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
// The renderer's main thread (TaskDuration) misses its compositor and raster threads and the GPU
// process (software drawing here): the processes' own CPU time counts those too.
const browserCdp = await browser.newBrowserCDPSession();
async function processCpuS() {
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
  const sum = (type) => processInfo.filter((p) => p.type === type).reduce((total, p) => total + p.cpuTime, 0);
  return { renderer: sum('renderer'), gpu: sum('GPU') };
}
await page.goto(url);
await page.locator('html[data-app-state="ready"]').waitFor({ timeout: 60_000 });
// Frames: a rAF loop counts what it saw and what it missed (a gap of n frames is n - 1 dropped).
// It runs for one minute after the warm-up only: a rAF loop makes Chromium draw every frame, which
// would bill the page's idle CPU for the measuring itself.
const countFrames = (on) =>
  page.evaluate((run) => {
    if (!run) {
      window.__wallFrames.running = false;
      return;
    }
    const stats = { frames: 0, dropped: 0, last: performance.now(), running: true };
    window.__wallFrames = stats;
    const tick = (now) => {
      if (!stats.running) return;
      stats.dropped += Math.max(0, Math.round((now - stats.last) / (1000 / 60)) - 1);
      stats.frames += 1;
      stats.last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, on);

/** Page and core figures now; `gc` first for heap figures that compare (not in the CPU samples: it would bill the GC to the page). */
async function sample(gc = true) {
  if (gc) await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
  const processes = await processCpuS();
  return {
    at: Date.now(),
    heap: get('JSHeapUsedSize'),
    nodes: get('Nodes'),
    listeners: get('JSEventListeners'),
    taskS: get('TaskDuration'),
    // What the main thread spent its time on: script, style recalculation, layout (and how often).
    scriptS: get('ScriptDuration'),
    styleS: get('RecalcStyleDuration'),
    layoutS: get('LayoutDuration'),
    styles: get('RecalcStyleCount'),
    layouts: get('LayoutCount'),
    processes,
    coreRss: rssOf(serve.pid),
  };
}

const start = await sample();
log(`chromium processes: ${(await browserCdp.send('SystemInfo.getProcessInfo')).processInfo.map((p) => p.type).join(', ')}`);
log(`wall open at ${url}; soaking ${MINUTES} min (warm-up ${WARM_UP_MS / M} min)`);
await sleep(WARM_UP_MS);
const warm = await sample();
const FRAME_WINDOW_MS = Math.min(M, (MINUTES * M) / 4);
await countFrames(true);
await sleep(FRAME_WINDOW_MS);
await countFrames(false);
const frames = await page.evaluate(() => ({ frames: window.__wallFrames.frames, dropped: window.__wallFrames.dropped }));
const perMinute = [];
let previous = await sample(false);
while (Date.now() - start.at < MINUTES * M) {
  await sleep(Math.min(M, MINUTES * M - (Date.now() - start.at)) || 1000);
  const now = await sample(false);
  const seconds = (now.at - previous.at) / 1000;
  perMinute.push({
    cpu: (now.taskS - previous.taskS) / seconds,
    renderer: (now.processes.renderer - previous.processes.renderer) / seconds,
    gpu: (now.processes.gpu - previous.processes.gpu) / seconds,
    // The machine is shared: the 1-minute load average says how busy it was meanwhile.
    load: loadavg()[0],
    script: (now.scriptS - previous.scriptS) / seconds,
    style: (now.styleS - previous.styleS) / seconds,
    layout: (now.layoutS - previous.layoutS) / seconds,
    styles: now.styles - previous.styles,
    layouts: now.layouts - previous.layouts,
    heap: now.heap,
    nodes: now.nodes,
  });
  previous = now;
}
const end = await sample();

/** One more idle minute under the CPU profiler: where the main thread's time went, by function. */
async function profileMinute(file) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  await sleep(M);
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const { callFrame } = byId.get(id);
    const name = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.split('/').pop()}:${callFrame.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.entries()].filter(([name]) => !name.startsWith('(idle)')).reduce((sum, [, ms]) => sum + ms, 0);
  return { file, total, top: [...self.entries()].filter(([name]) => !name.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 25) };
}
/**
 * Half a minute of Chromium's own timeline: how long the page's main thread spent in each kind of
 * work (Paint, Layout, timers, frames…), which the JS profile bills as "(program)".
 */
async function traceHalfMinute() {
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,cc,viz', transferMode: 'ReportEvents' });
  await sleep(30 * S);
  await cdp.send('Tracing.end');
  await done;
  const threads = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
  const byName = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || typeof e.dur !== 'number') continue;
    const thread = threads.get(`${e.pid}:${e.tid}`) ?? '?';
    if (!/^(CrRendererMain|Compositor|CompositorTileWorker|VizCompositorThread|CrGpuMain)/.test(thread)) continue;
    const name = `${thread.replace(/\d+$/, '')} ${e.name}`;
    const entry = byName.get(name) ?? { ms: 0, count: 0 };
    entry.ms += e.dur / 1000;
    entry.count += 1;
    byName.set(name, entry);
  }
  return [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30);
}
const profiled = values.profile ? await profileMinute(values.profile) : null;
const traced = values.profile ? await traceHalfMinute() : null;
stopLoop = true;
await loop.catch((error) => log(`scenario loop: ${error.message}`));

// ---- 5. replay draw times ----
const draws = [];
const replayField = page.getByTestId('replay-time');
for (let i = 0; i < REPLAYS; i += 1) {
  const asOf = Date.now() - 2 * M - Math.floor(Math.random() * (7 * D - 5 * M));
  const value = await page.evaluate((t) => {
    const d = new Date(t);
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }, asOf);
  await replayField.fill(value);
  const expected = Math.floor(asOf / 1000) * 1000;
  // Timed in the page: from the click to the first frame after the wall shows that moment.
  const drawn = page.evaluate(
    (want) =>
      new Promise((done) => {
        const wall = document.querySelector('[data-testid="wall"]');
        const button = document.querySelector('[data-testid="replay-go"]');
        let clickedAt = 0;
        button.addEventListener('click', () => (clickedAt = performance.now()), { once: true, capture: true });
        const check = () => {
          if (wall.getAttribute('data-replay-at') !== String(want)) return false;
          requestAnimationFrame(() => done(performance.now() - clickedAt));
          return true;
        };
        const observer = new MutationObserver(() => check() && observer.disconnect());
        observer.observe(wall, { attributes: true, attributeFilter: ['data-replay-at'] });
      }),
    expected,
  );
  await page.getByTestId('replay-go').click();
  draws.push(await Promise.race([drawn, sleep(10_000).then(() => Infinity)]));
}
await page.getByTestId('replay-live').click().catch(() => undefined);

// ---- 6. report ----
const idle = perMinute.map((m) => m.cpu);
const pct = (x) => `${(x * 100).toFixed(1)} %`;
const quantile = (list, q) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(q * list.length))];
const row = (label, s) => `  ${label.padEnd(10)} heap ${mb(s.heap).padStart(9)}  DOM nodes ${String(s.nodes).padStart(6)}  listeners ${String(s.listeners).padStart(5)}  core RSS ${mb(s.coreRss).padStart(9)}`;
log('');
log(`wall display soak: ${((end.at - start.at) / M).toFixed(1)} min at 1920×1080, scenarios played ${played.length} (${[...new Set(played)].join(', ')}), smoke load tests ${loadRuns}`);
log(row('start', start));
log(row('warm', warm));
log(row('end', end));
log(`  growth after warm-up: heap ${mb(end.heap - warm.heap)}, DOM nodes ${end.nodes - warm.nodes}`);
log(`  frames over ${FRAME_WINDOW_MS / 1000} s after warm-up: ${frames.frames} drawn, ${frames.dropped} dropped (${pct(frames.dropped / Math.max(1, frames.frames + frames.dropped))})`);
const meanMax = (list) => `mean ${pct(list.reduce((a, b) => a + b, 0) / Math.max(1, list.length))}, max minute ${pct(Math.max(0, ...list))}`;
log(`  page CPU, main thread (no one touching it, ${perMinute.length} minutes): ${meanMax(idle)} of a core`);
log(`  page CPU, renderer process(es) all threads: ${meanMax(perMinute.map((m) => m.renderer))}; GPU process: ${meanMax(perMinute.map((m) => m.gpu))}`);
log(`  per minute (main thread / renderer process / GPU process, 1-min load average of the ${navigatorCores()}-core machine):`);
perMinute.forEach((m, i) =>
  log(
    `    ${String(i + 1).padStart(3)}  ${pct(m.cpu).padStart(7)} ${pct(m.renderer).padStart(7)} ${pct(m.gpu).padStart(7)}   load ${m.load.toFixed(2)}` +
      `   (script ${pct(m.script)}, style ${pct(m.style)} in ${m.styles}, layout ${pct(m.layout)} in ${m.layouts})`,
  ),
);
if (profiled) {
  log(`  CPU profile of one more idle minute (${profiled.file}): ${(profiled.total / 1000).toFixed(1)} s busy; most self time:`);
  for (const [name, ms] of profiled.top) log(`    ${ms.toFixed(0).padStart(6)} ms  ${name}`);
}
if (traced) {
  log('  timeline of 30 more idle seconds, time per kind of work (nested events overlap):');
  for (const [name, { ms, count }] of traced) log(`    ${ms.toFixed(0).padStart(6)} ms  ${String(count).padStart(5)}×  ${name}`);
}
if (draws.length > 0) {
  log(`  replay draw (click → REPLAY drawn), ${draws.length} random moments of the last 7 days: p50 ${quantile(draws, 0.5).toFixed(0)} ms, p95 ${quantile(draws, 0.95).toFixed(0)} ms, max ${Math.max(...draws).toFixed(0)} ms`);
}

await browser.close();
serve.kill('SIGTERM');
await new Promise((done) => serve.once('exit', done));
if (!values.keep) rmSync(dir, { recursive: true, force: true });
