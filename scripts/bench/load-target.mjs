// Loopback target of bench:load, run in its own process (pinned to its own core by the bench):
// answers every request with a small JSON body on a keep-alive connection, as cheaply as Node can.
import { createServer } from 'node:http';

const body = Buffer.from('{"ok":true,"id":42,"status":"ready"}');
const headers = { 'content-type': 'application/json', 'content-length': body.length };
// GET /__count answers how many requests were served (not counting itself): the bench reads it to
// measure a generator that reports no per-second counts of its own (Locust 2.12.1's history CSV).
let served = 0;
const server = createServer((req, res) => {
  if (req.url === '/__count') {
    res.end(String(served));
    return;
  }
  served += 1;
  res.writeHead(200, headers);
  res.end(body);
});
server.keepAliveTimeout = 120_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
