// bench:load generator: the Warroom engine in its own process (1 worker, closed model), so its
// CPU time per request can be compared with autocannon's and wrk's. Prints one JSON line.
// argv: <url> <seconds> <users> <connection mode: pinned|pool|pinned-undici> [samples]
// (pinned-undici: the engine over undici instead of its lean HTTP client, for comparison)
import { startLoadRun } from '../../dist-node/electron/core/load/index.js';
import { LoadProfileSchema, LoadScenarioSchema } from '../../dist-node/shared/domain/load.js';

const [url, secondsText, usersText, mode = 'pinned', samplesFlag] = process.argv.slice(2);
const [connectionMode, httpClient] = mode.split('-');
const seconds = Number(secondsText);
const recordSamples = samplesFlag === 'samples';
const samples = [];
const rss = [];
// CPU and requests at every tick: steady-state CPU per request leaves out start-up (worker
// bootstrap, module loading) and the first second of JIT warm-up, the same way for every generator.
const ticks = [];
const rssTimer = setInterval(() => rss.push(process.memoryUsage().rss), 1000);
const cpuBefore = process.cpuUsage();
const handle = startLoadRun({
  baseUrl: url,
  workers: 1,
  connectionMode,
  ...(httpClient ? { httpClient } : {}),
  recordSamples,
  onSamples: (_endpoint, batch) => samples.push(batch),
  scenario: LoadScenarioSchema.parse({ requests: [{ path: '/' }] }),
  profile: LoadProfileSchema.parse({ model: 'closed', users: Number(usersText), duration: seconds * 1000, gracefulStop: '1s' }),
  onLog: (level, message) => process.stderr.write(`${level}: ${message}\n`),
  onTick: (tick) => {
    const used = process.cpuUsage();
    ticks.push({ cpuUs: used.user + used.system, requests: tick.total.requests });
  },
});
const summary = await handle.done;
const cpu = process.cpuUsage(cpuBefore);
const whole = process.cpuUsage();
clearInterval(rssTimer);
process.stdout.write(
  `${JSON.stringify({
    requests: summary.total.requests,
    rps: summary.total.rps,
    errors: summary.total.errorCount,
    p50Ms: summary.total.p50Ms,
    p95Ms: summary.total.p95Ms,
    p99Ms: summary.total.p99Ms,
    p999Ms: summary.total.p999Ms,
    maxMs: summary.total.maxMs,
    cpuUs: cpu.user + cpu.system,
    processCpuUs: whole.user + whole.system,
    // Times the process went to sleep waiting for the network (a generator with spare CPU sleeps often).
    sleeps: process.resourceUsage().voluntaryContextSwitches,
    steady: steadyWindow(ticks.slice(0, seconds)),
    histogram: summary.total.histogram,
    rss,
    samples: recordSamples ? samples.flatMap((batch) => Array.from(batch)) : undefined,
  })}\n`,
);

/** CPU per request between the first and the last full second. */
function steadyWindow(list) {
  if (list.length < 3) return null;
  const requests = list.slice(1).reduce((sum, tick) => sum + tick.requests, 0);
  return { cpuUs: list.at(-1).cpuUs - list[0].cpuUs, requests, seconds: list.length - 1 };
}
