/** The tcp kind: the port accepts a connection within the timeout; nothing is sent. */
import net from 'node:net';
import { CheckFailure, type KindRunner } from './check-types.js';

export const runTcpCheck: KindRunner<'tcp'> = (probe, ctx) => {
  const host = probe.host ?? probe.target;
  if (!host) return Promise.reject(new CheckFailure('no host to connect to (no host on the probe, no base URL on the service)', false));
  return new Promise((resolve, reject) => {
    ctx.phase('connecting');
    const socket = net.connect({ host, port: probe.port });
    const finish = (settle: () => void) => {
      ctx.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      settle();
    };
    const onAbort = () => finish(() => reject(ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('aborted')));
    if (ctx.signal.aborted) return onAbort();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish(() => resolve({ outcome: 'up', detail: `connected to ${host}:${probe.port}` })));
    socket.once('error', (error) => finish(() => reject(error)));
  });
};
