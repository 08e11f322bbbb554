// bench:load reference generator: the naive way to use undici (a Pool and an `await request()`
// loop per connection), in its own process, for comparison with the engine. Prints one JSON line.
// argv: <url> <seconds> <connections>
import { Pool } from 'undici';

const [url, secondsText, connectionsText] = process.argv.slice(2);
const seconds = Number(secondsText);
const connections = Number(connectionsText);
const pool = new Pool(new URL(url).origin, { connections });
const endAt = Date.now() + seconds * 1000;
let requests = 0;
let errors = 0;
let counter = 0;
const ticks = [];
const tick = setInterval(() => {
  const used = process.cpuUsage();
  ticks.push({ cpuUs: used.user + used.system, requests: counter });
  counter = 0;
}, 1000);
const cpuBefore = process.cpuUsage();
async function user() {
  while (Date.now() < endAt) {
    try {
      const response = await pool.request({ path: new URL(url).pathname, method: 'GET' });
      await response.body.dump();
      if (response.statusCode >= 400) errors += 1;
    } catch {
      errors += 1;
    }
    requests += 1;
    counter += 1;
  }
}
await Promise.all(Array.from({ length: connections }, user));
clearInterval(tick);
const cpu = process.cpuUsage(cpuBefore);
const whole = process.cpuUsage();
await pool.close();
const window = ticks.slice(0, seconds);
process.stdout.write(
  `${JSON.stringify({
    requests,
    rps: requests / seconds,
    errors,
    cpuUs: cpu.user + cpu.system,
    processCpuUs: whole.user + whole.system,
    // Times the process went to sleep waiting for the network (a generator with spare CPU sleeps often).
    sleeps: process.resourceUsage().voluntaryContextSwitches,
    steady:
      window.length >= 3
        ? { cpuUs: window.at(-1).cpuUs - window[0].cpuUs, requests: window.slice(1).reduce((sum, t) => sum + t.requests, 0), seconds: window.length - 1 }
        : null,
  })}\n`,
);
