/**
 * Entry point of a load worker thread. It only generates load and counts: no SQLite, no bus —
 * the coordinator is the single writer. Answers each request message with a reply carrying the
 * same seq; logs travel as messages.
 */
import { parentPort } from 'node:worker_threads';
import { ClosedModel } from './closed-model.js';
import { OpenModel } from './open-model.js';
import { serializeError, type CoordinatorMessage, type WorkerMessage, type WorkerSnapshot } from './protocol.js';
import { WorkerRun } from './worker-run.js';

const port = parentPort;
if (!port) throw new Error('load.worker must run in a worker thread');

const post = (message: WorkerMessage): void => {
  // The counters' buffer moves instead of being copied.
  const transfer = message.type === 'reply' && message.ok && message.snapshot ? [message.snapshot.counters.buffer] : [];
  port.postMessage(message, transfer as ArrayBuffer[]);
};
const log = (level: 'info' | 'warn' | 'error', message: string): void => post({ type: 'log', level, message });

let run: WorkerRun | null = null;
let ending: Promise<WorkerSnapshot> | null = null;

async function handle(message: CoordinatorMessage): Promise<WorkerSnapshot | null> {
  switch (message.type) {
    case 'start': {
      if (run) throw new Error('this worker already runs a plan');
      const plan = message.plan;
      run = new WorkerRun(plan, log);
      run.start(plan.model === 'closed' ? new ClosedModel(run) : new OpenModel(run));
      return null;
    }
    case 'flush':
      if (!run) throw new Error('flush before start');
      // Once the run is ending, the final snapshot carries the rest.
      return ending ? null : run.snapshot(message.atMs);
    case 'finish':
    case 'abort':
      if (!run) return null;
      if (ending) {
        // Already ending: an abort cuts the grace short; the first reply carries the snapshot.
        if (message.type === 'abort') run.hurry();
        await ending;
        return null;
      }
      ending = run.finish(message.type === 'finish' ? message.graceMs : 0);
      return await ending;
  }
}

port.on('message', (message: CoordinatorMessage) => {
  handle(message).then(
    (snapshot) => post({ type: 'reply', seq: message.seq, ok: true, snapshot }),
    (error: unknown) => post({ type: 'reply', seq: message.seq, ok: false, error: serializeError(error) }),
  );
});

// An unexpected failure ends this worker's part; the coordinator ends the run as aborted and says why.
process.on('unhandledRejection', (error: unknown) => post({ type: 'fatal', error: serializeError(error) }));

post({ type: 'ready' });
