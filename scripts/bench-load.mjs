// `npm run bench:load`: the load engine against autocannon and wrk on the same loopback target.
// The target runs in its own process pinned to core 0 and each generator in its own process
// pinned to core 1 (where `taskset` exists), one after the other, N seconds each. For each it
// prints requests/s, p50/p95/p99 and the generator's CPU time per request. Then it checks our
// percentiles against an independent HdrHistogram of the same samples, and the engine's memory.
// Goal (issue 5): CPU per request no higher than autocannon's; percentiles at µs resolution.
// CPU per request is printed twice: "steady" is the CPU between the first and the last full second
// over the requests of those seconds (no start-up, no first-second JIT warm-up; the same window
// for the engine and autocannon; wrk has no ticks, its start-up is negligible), "process" is all
// CPU the generator process used from its start, over all its requests.
// Other processes on the machine skew these numbers: the load average is printed, the processes
// run at nice -15 where allowed (--nice 0: not), and --rounds N repeats each generator N times (median shown).
// Usage: npm run build:core && node scripts/bench-load.mjs [--seconds 10] [--connections 50]
//        [--generators warroom,autocannon,wrk,undici-naive,warroom-pool] [--rounds 1] [--verify-seconds 3]
// The 10-minute memory check: node scripts/bench-load.mjs --seconds 600 --generators warroom --nice 0
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as hdr from 'hdr-histogram-js';
import { HISTOGRAM_SETTINGS } from '../dist-node/electron/core/load/histograms.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    generators: { type: 'string', default: 'warroom,autocannon,wrk' },
    'verify-seconds': { type: 'string', default: '3' },
    rounds: { type: 'string', default: '1' },
    nice: { type: 'string', default: '-15' },
  },
});
const ROUNDS = Number(values.rounds);
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const GENERATORS = values.generators.split(',');

const has = (command) => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const TASKSET = has('taskset');
/** Pinned to a core where taskset exists; at nice -15 where allowed, so other processes disturb less. */
function pinned(core, argv) {
  const command = TASKSET ? ['taskset', '-c', String(core), ...argv] : argv;
  return NICE ? ['nice', ['-n', values.nice, ...command]] : [command[0], command.slice(1)];
}
// --nice 0 leaves priorities alone (e.g. for the long memory check on a shared machine).
const NICE = (() => {
  if (Number(values.nice) === 0) return false;
  try {
    return execFileSync('nice', ['-n', values.nice, 'nice'], { stdio: 'pipe' }).toString().trim() === values.nice;
  } catch {
    return false;
  }
})();
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** utime + stime of a process in µs, from /proc (Linux). */
function processCpuUs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

function run(argv, { core }) {
  const [command, args] = pinned(core, argv);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${argv.join(' ')} exited ${code}: ${err.slice(-2000)}`))));
  });
}

// ---- the target ----
const [targetCommand, targetArgs] = pinned(0, [process.execPath, new URL('./bench/load-target.mjs', import.meta.url).pathname]);
const target = spawn(targetCommand, targetArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve) => target.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim()))));
const URL_ = `http://127.0.0.1:${port}/`;
const node = (script, ...args) => [process.execPath, new URL(`./bench/${script}`, import.meta.url).pathname, ...args];

/** Runs one generator while watching the target's CPU. */
async function phase(name, fn) {
  const targetBefore = processCpuUs(target.pid);
  const started = performance.now();
  const result = await fn();
  const wallS = (performance.now() - started) / 1000;
  return { name, ...result, targetCore: (processCpuUs(target.pid) - targetBefore) / 1e6 / wallS };
}

const generators = {
  warroom: () => phase('warroom (1 worker)', async () => JSON.parse(await run(node('gen-warroom.mjs', URL_, SECONDS, CONNECTIONS, 'pinned'), { core: 1 }))),
  'warroom-pool': () => phase('warroom, undici Pool', async () => JSON.parse(await run(node('gen-warroom.mjs', URL_, SECONDS, CONNECTIONS, 'pool'), { core: 1 }))),
  'undici-naive': () => phase('undici Pool.request loop', async () => JSON.parse(await run(node('gen-undici-naive.mjs', URL_, SECONDS, CONNECTIONS), { core: 1 }))),
  autocannon: () => phase('autocannon', async () => JSON.parse(await run(node('gen-autocannon.mjs', URL_, SECONDS, CONNECTIONS), { core: 1 }))),
  wrk: () =>
    phase('wrk (1 thread)', async () => {
      // `times` after wrk prints the CPU time of the shell's children: wrk's own.
      const out = await run(['bash', '-c', `wrk -t1 -c${CONNECTIONS} -d${SECONDS}s --latency ${URL_}; times`], { core: 1 });
      const total = Number(/(\d+) requests in/.exec(out)?.[1]);
      const ms = (label) => {
        const match = new RegExp(`^\\s+${label}\\s+([\\d.]+)(us|ms|s)`, 'm').exec(out);
        return match ? Number(match[1]) * { us: 0.001, ms: 1, s: 1000 }[match[2]] : NaN;
      };
      const [, user, sys] = /(\d+m[\d.]+s) (\d+m[\d.]+s)\s*$/.exec(out.trim()) ?? [];
      const seconds = (text) => Number(/(\d+)m/.exec(text)[1]) * 60 + Number(/m([\d.]+)s/.exec(text)[1]);
      return {
        requests: total,
        rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
        errors: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
        p50Ms: ms('50%'),
        p90Ms: ms('90%'),
        p99Ms: ms('99%'),
        cpuUs: (seconds(user) + seconds(sys)) * 1e6,
      };
    }),
};

const fmt = (value, digits = 3) => (value === undefined || value === null || Number.isNaN(value) ? '—' : value.toFixed(digits));
const steadyUs = (row) => (row.steady ? row.steady.cpuUs / row.steady.requests : row.cpuUs / row.requests);
const processUs = (row) => (row.processCpuUs ?? row.cpuUs) / row.requests;
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
console.log(
  `bench:load  target: node:http on 127.0.0.1 (${TASKSET ? 'core 0' : 'unpinned'}), generators ${TASKSET ? 'on core 1' : 'unpinned'}${NICE ? `, nice ${values.nice}` : ''}, ` +
    `${CONNECTIONS} connections, ${SECONDS} s each, ${ROUNDS} round${ROUNDS > 1 ? 's' : ''}; load average before: ${loadAverage()}`,
);
console.log(`${'generator'.padEnd(26)} ${'req/s'.padStart(7)}  ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}  CPU µs/req: steady  process  errors  target core`);
const results = new Map();
for (let round = 1; round <= ROUNDS; round += 1) {
  for (const name of GENERATORS) {
    if (name === 'wrk' && !has('wrk')) {
      if (round === 1) console.log('wrk: not installed, skipped (apt-get install -y wrk)');
      continue;
    }
    if (!generators[name]) throw new Error(`unknown generator ${name}`);
    const row = await generators[name]();
    results.set(name, [...(results.get(name) ?? []), row]);
    console.log(
      `${row.name.padEnd(26)} ${fmt(row.rps, 0).padStart(7)}  ${fmt(row.p50Ms).padStart(8)} ${fmt(row.p95Ms).padStart(8)} ${fmt(row.p99Ms).padStart(8)}` +
        `  ${fmt(steadyUs(row), 2).padStart(17)} ${fmt(processUs(row), 2).padStart(8)}  ${String(row.errors).padStart(6)}  ${fmt(row.targetCore * 100, 0).padStart(9)} %` +
        `${row.p975Ms !== undefined ? `   (autocannon: whole ms, no p95; p97.5 ${fmt(row.p975Ms)})` : ''}`,
    );
    if (row.rss?.length) {
      const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
      const at = (fraction) => row.rss[Math.min(row.rss.length - 1, Math.floor(fraction * (row.rss.length - 1)))];
      const peak = row.rss.reduce((max, value) => Math.max(max, value), 0);
      console.log(
        `${''.padEnd(26)} RSS of the generator process: start ${mb(at(0))}, 10 % ${mb(at(0.1))}, middle ${mb(at(0.5))}, end ${mb(at(1))}, peak ${mb(peak)} (${row.rss.length} samples, 1/s)`,
      );
    }
  }
}
console.log(`load average after: ${loadAverage()}`);
const ours = results.get('warroom');
const cannon = results.get('autocannon');
if (ours && cannon) {
  const ratio = (pick) => median(ours.map(pick)) / median(cannon.map(pick));
  console.log(
    `warroom vs autocannon${ROUNDS > 1 ? ' (medians)' : ''}: CPU per request ${fmt(ratio(steadyUs), 2)}× steady, ${fmt(ratio(processUs), 2)}× whole process; throughput ${fmt(ratio((row) => row.rps), 2)}×`,
  );
}

// ---- our percentiles against an independent histogram of the same samples ----
const verifySeconds = Number(values['verify-seconds']);
if (verifySeconds > 0 && GENERATORS.some((name) => name.startsWith('warroom'))) {
  const result = JSON.parse(await run(node('gen-warroom.mjs', URL_, verifySeconds, CONNECTIONS, 'pinned', 'samples'), { core: 1 }));
  const independent = hdr.build({ ...HISTOGRAM_SETTINGS, bitBucketSize: 64 });
  for (const us of result.samples) independent.recordValue(us);
  const ourHistogram = hdr.decodeFromCompressedBase64(result.histogram, 64);
  const sorted = Float64Array.from(result.samples).sort();
  const exact = (p) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
  let same = ourHistogram.totalCount === independent.totalCount && ourHistogram.totalCount === result.requests;
  console.log(`percentile check (${verifySeconds} s, ${result.requests} requests, ${result.samples.length} raw samples):`);
  for (const p of [50, 90, 95, 99, 99.9, 100]) {
    const a = ourHistogram.getValueAtPercentile(p);
    const b = independent.getValueAtPercentile(p);
    same &&= a === b;
    console.log(`  p${String(p).padEnd(5)} engine ${(a / 1000).toFixed(3)} ms  independent HdrHistogram ${(b / 1000).toFixed(3)} ms  exact from sorted samples ${(exact(p) / 1000).toFixed(3)} ms`);
  }
  console.log(`  ${same ? 'equal: the merged histogram is the histogram of the samples' : 'DIFFERENT'}`);
  if (!same) process.exitCode = 1;
}

target.kill('SIGTERM');
