// Speed check of the probe history query on a realistic store: 4 weeks of checks for 22 probes
// at a 10 s interval, written through the real repositories and rolled up and pruned by the real
// job as the app would (7 days raw, per-minute rollups beyond), then healthHistory timed for
// 15 min, 24 h, 7 d and 28 d. Run: npm run build:core && node scripts/bench-probe-history.mjs
// Options: --days N (default 28), --runs N (default 9), --keep (leave the temp DB).
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { parseArgs } from 'node:util';
import { openStore, DATABASE_FILE } from '../dist-node/electron/core/store/store.js';
import { createRollupJob } from '../dist-node/electron/core/probes/storage/rollup-job.js';
import { createHealthHistory } from '../dist-node/electron/core/probes/storage/health-history.js';

const { values } = parseArgs({
  options: { days: { type: 'string', default: '28' }, runs: { type: 'string', default: '9' }, keep: { type: 'boolean', default: false } },
});
const DAYS = Number(values.days);
const RUNS = Number(values.runs);

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const START = NOW - DAYS * D;
const INTERVAL = 10 * S;
const RAW_RETENTION = 7 * D;
const ROLLUP_RETENTION = 400 * D;

const SERVICES = ['gateway', 'api', 'auth', 'payments', 'orders', 'catalog', 'search', 'notifications', 'media', 'db', 'cache'];
const PROBES = SERVICES.flatMap((service) => ['live', 'ready'].map((name) => ({ id: `${service}/${name}`, service })));

// Deterministic, so runs compare.
let seed = 0x5eed;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const baseMs = new Map(PROBES.map((p, i) => [p.id, 5 + (i % 11) * 7]));

function check(probe, at) {
  // Each service's ready probe is down 5 minutes a day (at its own time); 2 % of checks are slow.
  const incidentMinute = (SERVICES.indexOf(probe.service) * 131) % 1440;
  const dayMinute = Math.floor((at % D) / M);
  const latencyMs = Math.round(baseMs.get(probe.id) * Math.exp(random() * 0.6 + (random() < 0.02 ? 2 : 0)) * 100) / 100;
  if (probe.id.endsWith('/ready') && dayMinute >= incidentMinute && dayMinute < incidentMinute + 5) {
    return { probeId: probe.id, service: probe.service, at, outcome: 'down', latencyMs: 3000, detail: 'HTTP 503' };
  }
  const outcome = latencyMs > 250 ? 'degraded' : 'up';
  return { probeId: probe.id, service: probe.service, at, outcome, latencyMs, detail: outcome === 'up' ? 'HTTP 200' : 'slow' };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The environment the simulated core watches: every row is stored and read as its. */
const ENV = 'production';
const dir = mkdtempSync(join(tmpdir(), 'warroom-bench-'));
try {
  let clockNow = START;
  const store = openStore({ dataDir: dir, now: () => clockNow });
  const job = createRollupJob({ repo: store.probeResults, clock: { now: () => clockNow }, rawRetentionMs: RAW_RETENTION, rollupRetentionMs: ROLLUP_RETENTION });

  // Core sessions: a restart every 5 days with a 20-minute gap, so "not observed" has work to do.
  const sessionBase = { environment: ENV, shell: 'web', appVersion: 'bench', configPath: 'warroom.yaml' };
  let sessionNo = 0;
  let sessionId = `s${sessionNo}`;
  store.coreSessions.start({ id: sessionId, startedAt: START, ...sessionBase });

  const started = performance.now();
  let written = 0;
  let gapUntil = 0;
  const CHUNK = H; // one transaction per simulated hour: 22 × 360 = 7920 rows
  for (let from = START; from < NOW; from += CHUNK) {
    const batch = [];
    for (let at = from; at < from + CHUNK && at < NOW; at += INTERVAL) {
      if (at < gapUntil) continue;
      for (const probe of PROBES) batch.push(check(probe, at));
    }
    store.probeResults.insertMany(ENV, batch);
    written += batch.length;
    clockNow = from + CHUNK;
    store.coreSessions.touch(sessionId, clockNow - 2 * S);
    if ((clockNow - START) % (5 * D) === 0 && clockNow < NOW) {
      store.coreSessions.stop(sessionId, clockNow);
      gapUntil = clockNow + 20 * M;
      sessionId = `s${++sessionNo}`;
      store.coreSessions.start({ id: sessionId, startedAt: gapUntil, ...sessionBase });
    }
    if (clockNow % (6 * H) === 0) {
      store.healthTransitions.record(ENV, { service: 'api', probeId: 'api/ready', at: clockNow - H, from: 'up', to: 'down', reason: 'HTTP 503', causedBy: null });
      store.healthTransitions.record(ENV, { service: 'api', probeId: null, at: clockNow - H, from: 'up', to: 'down', reason: 'api/ready down', causedBy: null });
    }
    job.rollUp(clockNow);
    await job.prune(clockNow, RAW_RETENTION, ROLLUP_RETENTION);
  }
  const fillSeconds = (performance.now() - started) / 1000;

  const history = createHealthHistory({
    environment: ENV,
    results: store.probeResults,
    transitions: store.healthTransitions,
    sessions: store.coreSessions,
    rawRetentionMs: RAW_RETENTION,
  });

  const cases = [
    ['15 min', 15 * M],
    ['24 h', D],
    ['7 d', 7 * D],
    ['28 d', 28 * D],
  ];
  const rows = [];
  for (const [label, span] of cases) {
    for (const probeId of [undefined, 'api/ready']) {
      const query = { service: 'api', probeId, fromAt: NOW - span, toAt: NOW, now: NOW };
      history.healthHistory(query); // warm the page cache and statements
      const times = [];
      let result;
      for (let i = 0; i < RUNS; i += 1) {
        const t = performance.now();
        result = history.healthHistory(query);
        times.push(performance.now() - t);
      }
      rows.push({
        range: label,
        target: probeId ?? 'api (2 probes)',
        'median ms': median(times).toFixed(2),
        'max ms': Math.max(...times).toFixed(2),
        bucket: `${result.bucketMs / S} s`,
        points: result.points.length,
        checks: result.points.reduce((sum, p) => sum + p.count, 0),
        gaps: result.notObserved.length,
      });
    }
  }
  const sparkTimes = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t = performance.now();
    history.recentLatencies('api', NOW - 15 * M);
    sparkTimes.push(performance.now() - t);
  }

  store.close();
  // Size once the WAL is folded into the main file (closing the last connection checkpoints it).
  const dbPath = join(dir, DATABASE_FILE);
  const walPath = `${dbPath}-wal`;
  const bytes = statSync(dbPath).size + (existsSync(walPath) ? statSync(walPath).size : 0);
  const db = new Database(dbPath, { readonly: true });
  const count = (table) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
  const counts = { raw: count('probe_results'), rollups: count('probe_rollups') };
  db.close();

  console.log(`Filled ${DAYS} days × ${PROBES.length} probes every ${INTERVAL / S} s: ${written.toLocaleString('en')} checks written in ${fillSeconds.toFixed(1)} s`);
  console.log(`Kept: ${counts.raw.toLocaleString('en')} raw rows (${RAW_RETENTION / D} d), ${counts.rollups.toLocaleString('en')} minute rollups`);
  console.log(`DB size: ${(bytes / 1024 / 1024).toFixed(1)} MiB (${dbPath})`);
  console.log(`healthHistory, median of ${RUNS} runs after one warm-up (Node ${process.versions.node}):`);
  console.table(rows);
  console.log(`recentLatencies('api', last 15 min): median ${median(sparkTimes).toFixed(2)} ms`);
} finally {
  if (values.keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
