/**
 * GET /events: the bus as Server-Sent Events. A client that falls too far behind is dropped
 * rather than buffered without bound; it reconnects and takes a fresh snapshot.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WireEvent } from '../../shared/contract/events.js';
import type { EventBus } from '../core/bus.js';

const KEEPALIVE_MS = 15_000;
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface EventStreams {
  handle(req: IncomingMessage, res: ServerResponse): void;
  count(): number;
  closeAll(): void;
}

export function createEventStreams(bus: EventBus, maxClients = 64): EventStreams {
  const open = new Set<ServerResponse>();
  return {
    handle(req, res) {
      if (open.size >= maxClients) {
        res.writeHead(503, { 'Content-Type': 'text/plain', 'Retry-After': '5' }).end('too many event streams');
        return;
      }
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.write(`retry: 2000\nevent: open\ndata: ${JSON.stringify({ lastSeq: bus.lastSeq() })}\n\n`);
      open.add(res);
      const send = (event: WireEvent) => {
        if (res.writableLength > MAX_BUFFERED_BYTES) {
          res.destroy();
          return;
        }
        res.write(`id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`);
      };
      const unsubscribe = bus.subscribe(send);
      const keepalive = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
      keepalive.unref();
      const cleanup = () => {
        clearInterval(keepalive);
        unsubscribe();
        open.delete(res);
      };
      req.on('close', cleanup);
      res.on('close', cleanup);
    },
    count: () => open.size,
    closeAll() {
      for (const res of open) res.end();
      open.clear();
    },
  };
}
