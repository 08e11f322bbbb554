// `npm run bench:probes`: sustained HTTP probes per second, the core's CPU share, and the time
// from a result to its event (what a tile waits for), against a loopback target in another
// process. Three phases in one run, so the ratios compare like with like:
//   1. reference: a bare loop of the same GETs (same agent, same rate), no scheduler or store;
//   2. the full probe service (scheduler, checks, health engine, batched SQLite writes, events)
//      behind the real web shell, with an SSE client measuring result-to-event time;
//   3. the same service with a check that does nothing: what the scheduler and store cost alone.
// Goal (issue 4): ≥ 1,000 probes/s, scheduler + store under 25 % of one core, result → tile < 250 ms.
// Usage: npm run build:core && node scripts/bench-probes.mjs [--probes 1000] [--seconds 20]
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEventBus } from '../dist-node/electron/core/bus.js';
import { parseConfigText } from '../dist-node/electron/core/config/load-config.js';
import { silentLogger } from '../dist-node/electron/core/logger.js';
import { createHttpAgents } from '../dist-node/electron/core/probes/kinds/http-agents.js';
import { createProbeService } from '../dist-node/electron/core/probes/probe-service.js';
import { createProblemRegistry } from '../dist-node/electron/core/problems/problems.js';
import { openStore } from '../dist-node/electron/core/store/store.js';
import { startWebServer } from '../dist-node/electron/web/web-server.js';

const { values } = parseArgs({ options: { probes: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '20' } } });
const PROBES = Number(values.probes);
const SECONDS = Number(values.seconds);
const INTERVAL_MS = 1000;
const benchAgents = createHttpAgents();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const target = fork(new URL('./bench/probe-target.mjs', import.meta.url));
const ask = (message, type) => new Promise((resolve) => {
  const on = (reply) => {
    if (reply.type === type) {
      target.off('message', on);
      resolve(reply);
    }
  };
  target.on('message', on);
  if (message) target.send(message);
});
const { port } = await ask(null, 'listening');

/** CPU ms of this process over `fn`, and the wall ms. */
async function measure(fn) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - started };
}

// ---- 1. reference: bare GETs at the same rate ----
function get(path) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: benchAgents.agentFor('http') }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', resolve);
    req.end();
  });
}
async function referenceLoop() {
  let done = 0;
  const tick = setInterval(() => {
    for (let i = 0; i < PROBES / 10; i += 1) void get(i % 2 ? '/health/ready' : '/health/live').then(() => (done += 1));
  }, 100);
  const result = await measure(() => sleep(SECONDS * 1000));
  clearInterval(tick);
  await sleep(200);
  return { ...result, checks: done };
}

// ---- 2 and 3: the probe service ----
function benchConfig() {
  const services = Array.from({ length: PROBES / 2 }, (_, i) => `  s${i}: { name: Service ${i}, baseUrl: "http://127.0.0.1:${port}" }`).join('\n');
  return parseConfigText(
    `version: 1\nname: bench\ndefaultEnvironment: bench\nenvironments:\n  bench: { label: Bench }\nservices:\n${services}\nprobes:\n  defaults: { interval: ${INTERVAL_MS}, timeout: 2s, confirmations: 2 }\n  concurrency: 256\n`,
    'bench.yaml',
  );
}

async function serviceRun({ nullCheck, web }) {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-bench-'));
  const clock = { now: () => Date.now() };
  const store = openStore({ dataDir: dir, now: clock.now });
  // Production setting: a payload that breaks the contract is reported, not thrown.
  const problems = createProblemRegistry({ clock, logger: silentLogger, publish: () => {} });
  const bus = createEventBus({ clock, logger: silentLogger, strict: false, problems });
  let results = 0;
  bus.on('probe.results', (payload) => (results += payload.results.length));
  const service = createProbeService({
    config: benchConfig(), environment: 'bench', configDir: dir, env: {}, bus, clock, logger: silentLogger, problems, store,
    ...(nullCheck ? { check: async () => ({ outcome: 'up', latencyMs: 0, detail: 'null check' }) } : {}),
  });
  let server;
  if (web) {
    server = await startWebServer({ dispatch: async () => ({ ok: true, value: null }), bus, rendererDir: '/nonexistent', host: '127.0.0.1', port: 0, token: undefined, readOnly: true, logger: silentLogger });
    target.send({ type: 'follow', url: `${server.url}events` });
  }
  service.start();
  await sleep(3000); // warm up: first runs spread, agent sockets open
  results = 0;
  target.send({ type: 'reset' });
  const measured = await measure(() => sleep(SECONDS * 1000));
  const counted = results;
  const latency = web ? await ask({ type: 'report' }, 'report') : null;
  await service.stop();
  await server?.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
  return { ...measured, checks: counted, latency };
}

const reference = await referenceLoop();
const full = await serviceRun({ nullCheck: false, web: true });
const bare = await serviceRun({ nullCheck: true, web: false });
target.send({ type: 'exit' });

const perSec = (run) => run.checks / (run.wallMs / 1000);
const share = (run) => run.cpuMs / run.wallMs;
const usPer = (run) => (run.cpuMs * 1000) / run.checks;
const rows = [
  ['run', 'checks/s', 'CPU (share of one core)', 'CPU µs per check'],
  ['reference: bare GET loop', perSec(reference).toFixed(0), `${(share(reference) * 100).toFixed(1)} %`, usPer(reference).toFixed(1)],
  ['probe service, HTTP checks + web shell', perSec(full).toFixed(0), `${(share(full) * 100).toFixed(1)} %`, usPer(full).toFixed(1)],
  ['probe service, null checks (scheduler + engine + store)', perSec(bare).toFixed(0), `${(share(bare) * 100).toFixed(1)} %`, usPer(bare).toFixed(1)],
];
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
console.log(`\nbench:probes — ${PROBES} probes at ${INTERVAL_MS} ms, ${SECONDS} s per phase, Node ${process.versions.node}`);
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));
console.log(`\nfull service / reference: ${(usPer(full) / usPer(reference)).toFixed(2)}× CPU per check`);
console.log(`scheduler + engine + store alone: ${(share(bare) * 100).toFixed(1)} % of one core at ${perSec(bare).toFixed(0)} checks/s (goal < 25 %)`);
const l = full.latency;
console.log(`result → event at an SSE client: p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, max ${l.max} ms over ${l.events} results (goal < 250 ms)`);
console.log(`target answered ${l.requests} requests during the full phase`);
