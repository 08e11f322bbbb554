// bench:load generator: autocannon (programmatic API) in its own process. Prints one JSON line.
// argv: <url> <seconds> <connections>
import autocannon from 'autocannon';

const [url, seconds, connections] = process.argv.slice(2);
const ticks = [];
const cpuBefore = process.cpuUsage();
const result = await new Promise((resolve, reject) => {
  const instance = autocannon({ url, connections: Number(connections), duration: Number(seconds) }, (error, value) => (error ? reject(error) : resolve(value)));
  // Same steady-state window as the engine's: CPU between the first and the last full second.
  instance.on('tick', ({ counter }) => {
    const used = process.cpuUsage();
    ticks.push({ cpuUs: used.user + used.system, requests: counter });
  });
});
const cpu = process.cpuUsage(cpuBefore);
const whole = process.cpuUsage();
const window = ticks.slice(0, Number(seconds));
process.stdout.write(
  `${JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.total / Number(seconds),
    errors: result.errors + result.non2xx,
    // autocannon records whole milliseconds and reports p90/p97.5, not p95.
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p975Ms: result.latency.p97_5,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    cpuUs: cpu.user + cpu.system,
    processCpuUs: whole.user + whole.system,
    // Times the process went to sleep waiting for the network (a generator with spare CPU sleeps often).
    sleeps: process.resourceUsage().voluntaryContextSwitches,
    steady:
      window.length >= 3
        ? { cpuUs: window.at(-1).cpuUs - window[0].cpuUs, requests: window.slice(1).reduce((sum, tick) => sum + tick.requests, 0), seconds: window.length - 1 }
        : null,
  })}\n`,
);
