/**
 * Rolling deploys and rollbacks: each service in turn "restarts" (not ready for a moment), then
 * runs its new version. One such operation at a time; reset and close cancel it.
 */
import type { z } from 'zod';
import type { DeployRequestSchema, RollbackRequestSchema } from '../../shared/domain/rehearsal.js';
import { PlatformRefusal } from './platform-state.js';
import type { PlatformState } from './platform-state.js';
import type { ServiceServer } from './service-server.js';
import { sleep } from './timers.js';
import type { Timers } from './timers.js';

export type DeployRequest = z.output<typeof DeployRequestSchema>;
export type RollbackRequest = z.output<typeof RollbackRequestSchema>;

/** What status.deploy shows while a deploy runs (null otherwise: deploy.mjs waits for that). */
export interface DeployProgress {
  version: string;
  done: string[];
  pending: string[];
}

/** One service a complete rollback restarted. */
export interface RestoredService {
  id: string;
  from: string;
  to: string;
  /** It was not running before. */
  started: boolean;
}

/** Deploys and rollbacks over the model and the servers. */
export interface ReleaseOperations {
  /** Checks the request, then rolls out in the background; 404/409 refusals throw at once. */
  deploy(request: DeployRequest): void;
  /** Restarts every target into history[0], all at once, and resolves when they are done. */
  rollback(request: { services?: string[] | undefined }): Promise<void>;
  /**
   * Back to the known-good versions: every service on another version, or not running, restarts
   * on its known-good version (a deploy in progress is cancelled first). Resolves with what it
   * restored; 409 naming each service it could not bring back.
   */
  completeRollback(knownGood: Readonly<Record<string, string>>): Promise<RestoredService[]>;
  progress(): DeployProgress | null;
  /** Cancels a deploy or rollback in progress. */
  cancel(): void;
}

export interface ReleaseOperationsDeps {
  state: PlatformState;
  servers: ReadonlyMap<string, ServiceServer>;
  timers: Timers;
  log: (service: string | null, message: string) => void;
  /** How long a service is "restarting" (not ready) during a deploy or rollback. */
  restartMs?: number;
}

export function createReleaseOperations(deps: ReleaseOperationsDeps): ReleaseOperations {
  const { state, timers, log } = deps;
  const restartMs = deps.restartMs ?? 300;
  let busy: { kind: 'deploy' | 'rollback'; abort: AbortController } | null = null;
  let progress: DeployProgress | null = null;

  const refuseIfBusy = () => {
    if (busy) throw new PlatformRefusal(409, `a ${busy.kind} is in progress${progress && busy.kind === 'deploy' ? ` (${progress.version}, pending: ${progress.pending.join(', ')})` : ''}; wait for it to finish`);
  };

  /** The restart itself: not ready for restartMs, then the new version, listening again. */
  async function restart(id: string, to: string, apply: () => void, signal: AbortSignal) {
    state.setRestarting(id, to);
    try {
      await sleep(timers, restartMs, signal);
    } finally {
      state.setRestarting(id, null);
    }
    apply();
    // A restart brings a stopped service back, as a supervisor would.
    if (!state.get(id).running) {
      const server = deps.servers.get(id);
      try {
        await server?.start();
      } catch (error) {
        throw new PlatformRefusal(409, `${id} cannot listen on port ${server?.port()} again: ${(error as Error).message}`, { cause: error });
      }
      state.setRunning(id, true);
    }
  }

  return {
    deploy(request) {
      state.checkVersion(request.version);
      const targets = request.services ?? state.ids();
      targets.forEach((id) => state.get(id));
      refuseIfBusy();
      const abort = new AbortController();
      busy = { kind: 'deploy', abort };
      const current: DeployProgress = { version: request.version, done: [], pending: [...targets] };
      progress = current;
      log(null, `deploy of ${request.version} started: ${targets.join(', ')}`);
      void (async () => {
        try {
          for (const [i, id] of targets.entries()) {
            if (i > 0) await sleep(timers, request.stepDelayMs, abort.signal);
            const from = state.get(id).version;
            await restart(id, request.version, () => state.switchVersion(id, request.version), abort.signal);
            current.pending.shift();
            current.done.push(id);
            log(id, `deploy step: ${from} → ${request.version}`);
          }
          log(null, `deploy of ${request.version} finished`);
        } catch (error) {
          if (!abort.signal.aborted) log(null, `deploy of ${request.version} failed: ${(error as Error).message}`);
        } finally {
          if (busy?.abort === abort) busy = null;
          if (progress === current) progress = null;
        }
      })();
    },

    async rollback(request) {
      const targets = request.services ?? state.ids().filter((id) => state.get(id).history.length > 0);
      targets.forEach((id) => state.get(id));
      refuseIfBusy();
      if (targets.length === 0) throw new PlatformRefusal(409, 'nothing to roll back: no service has run another version');
      const empty = targets.filter((id) => state.get(id).history.length === 0);
      if (empty.length > 0) throw new PlatformRefusal(409, `nothing to roll back for ${empty.join(', ')}: no previous version`);
      const abort = new AbortController();
      busy = { kind: 'rollback', abort };
      try {
        await Promise.all(
          targets.map(async (id) => {
            const from = state.get(id).version;
            const to = state.get(id).history[0]!;
            await restart(id, to, () => state.revertVersion(id), abort.signal);
            log(id, `rolled back: ${from} → ${to}`);
          }),
        );
      } finally {
        if (busy?.abort === abort) busy = null;
      }
    },

    async completeRollback(knownGood) {
      if (busy?.kind === 'rollback') refuseIfBusy();
      if (busy) {
        log(null, `deploy of ${progress?.version ?? 'a release'} cancelled by a complete rollback`);
        busy.abort.abort(new Error('cancelled by a complete rollback'));
        busy = null;
        progress = null;
      }
      const plan = state.ids().flatMap((id): RestoredService[] => {
        const service = state.get(id);
        const to = knownGood[id] ?? state.topology.releases.baseline;
        return service.version !== to || !service.running ? [{ id, from: service.version, to, started: !service.running }] : [];
      });
      if (plan.length === 0) {
        log(null, 'complete rollback: every service already runs its known-good version');
        return [];
      }
      const abort = new AbortController();
      busy = { kind: 'rollback', abort };
      try {
        const results = await Promise.allSettled(
          plan.map(async ({ id, from, to, started }) => {
            await restart(id, to, () => state.restoreVersion(id, to), abort.signal);
            log(id, `complete rollback: ${from === to ? `started on ${to}` : `${from} → ${to}${started ? ', started' : ''}`}`);
          }),
        );
        const failed = plan.flatMap((target, i) => {
          const result = results[i]!;
          if (result.status === 'fulfilled') return [];
          const message = result.reason instanceof Error ? result.reason.message : String(result.reason);
          return [message.startsWith(target.id) ? message : `${target.id}: ${message}`];
        });
        if (failed.length > 0) {
          log(null, `complete rollback could not restore ${failed.join(', ')}`);
          throw new PlatformRefusal(409, `complete rollback could not restore ${failed.join('; ')}`);
        }
        return plan;
      } finally {
        if (busy?.abort === abort) busy = null;
      }
    },

    progress: () => (progress ? { version: progress.version, done: [...progress.done], pending: [...progress.pending] } : null),

    cancel() {
      busy?.abort.abort(new Error('cancelled'));
      busy = null;
      progress = null;
    },
  };
}
