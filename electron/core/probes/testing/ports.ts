/** Ports on 127.0.0.1 for test servers that must be told their port up front (postgres, redis). */
import net from 'node:net';

/** A port that was free a moment ago; also serves as a "closed port" (connection refused) target. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A port that accepts connections and never says anything: the "hanging" target. */
export interface SilentPort {
  port: number;
  /** Connections currently held open by the port. */
  openConnections(): number;
  close(): Promise<void>;
}

export function startSilentPort(): Promise<SilentPort> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    // Read and drop: a paused socket would never notice the client closing it.
    socket.resume();
    socket.once('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        openConnections: () => sockets.size,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
