/** A loopback HTTP server that cuts kept-alive connections, for the clients that must not say "other side closed". */
import { createServer } from 'node:http';

/**
 * A server that answers the first request of each connection and cuts the connection at the next
 * one, as a Prometheus that stops does to the client's kept-alive connection (`stopAtCut`: and it
 * stops listening then, so a fresh connection is refused).
 */
export async function startCuttingServer(answer: string, { stopAtCut = false } = {}) {
  let connections = 0;
  const server = createServer((req, res) => {
    const socket = req.socket as typeof req.socket & { served?: boolean };
    if (socket.served) {
      if (stopAtCut) server.close();
      socket.destroy();
      return;
    }
    socket.served = true;
    res.writeHead(200, { 'content-type': 'application/json', connection: 'keep-alive' });
    res.end(answer);
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const closed = new Promise<void>((resolve) => server.on('close', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections: () => connections,
    close: () => {
      server.close();
      server.closeAllConnections();
      return closed;
    },
  };
}

/** Lets the first answer's connection go back to the pool, so the next request reuses it (as reads seconds apart do). */
export const pooled = () => new Promise((resolve) => setTimeout(resolve, 100));
