// Child process of bench-probes: the loopback target every probe hits (GET /health/live|ready), and
// an SSE client of the web shell that measures the time from a result to its event (what a tile
// waits for). Both live here so the process being measured does only the app's own work.
import { createServer } from 'node:http';

let requests = 0;
const server = createServer((req, res) => {
  requests += 1;
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': 15 });
  res.end('{"status":"ok"}');
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.address().port }));

const delays = [];
async function follow(url) {
  const response = await fetch(url);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').find((line) => line.startsWith('data: '));
      if (!data) continue;
      const event = JSON.parse(data.slice(6));
      if (event.name !== 'probe.results') continue;
      const now = Date.now();
      for (const result of event.payload.results) delays.push(now - result.at);
    }
  }
}

process.on('message', (message) => {
  if (message.type === 'follow') follow(message.url).catch(() => undefined);
  if (message.type === 'reset') {
    delays.length = 0;
    requests = 0;
  }
  if (message.type === 'report') {
    const sorted = [...delays].sort((a, b) => a - b);
    const q = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : null);
    process.send({ type: 'report', requests, events: sorted.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: sorted.at(-1) ?? null });
  }
  if (message.type === 'exit') process.exit(0);
});
