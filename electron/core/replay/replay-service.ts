/**
 * Replay ("what did we see at 14:02?"): the board as the core evaluates it as of t, and each
 * service's tile as of t, from stored evidence only. Repeatable: nothing stored after t is read.
 */
import type { WarroomConfig } from '../../../shared/domain/config.js';
import { REPLAY_WINDOW_MS } from '../../../shared/domain/replay.js';
import type { Replay, ServiceAt } from '../../../shared/domain/replay.js';
import type { Clock } from '../clock.js';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import type { BoardService } from '../board/board-service.js';
import { resolveProbes } from '../probes/resolve-probes.js';
import type { BoardEvidenceReader } from '../store/repos/board-evidence-reader.js';
import type { ReplayReader } from '../store/repos/replay-reader.js';

/** An action run still running this long after it was requested is not looked for. */
const ACTION_LOOKBACK_MS = 86_400_000;

export interface ReplayServiceDeps {
  config: WarroomConfig;
  environment: string;
  clock: Clock;
  board: Pick<BoardService, 'get'>;
  evidence: Pick<BoardEvidenceReader, 'statusAt'>;
  reader: ReplayReader;
}

export interface ReplayService {
  get(input: { asOf: number; environment?: string | undefined }): Replay;
}

export function createReplayService(deps: ReplayServiceDeps): ReplayService {
  // A service is stale at t when its newest check is older than two of its shortest probe intervals (as the health engine says live).
  const staleAfter = new Map<string, Map<string, number>>();
  const staleAfterMs = (environment: string, service: string): number | null => {
    let perService = staleAfter.get(environment);
    if (!perService) {
      perService = new Map();
      for (const probe of resolveProbes(deps.config, environment)) {
        perService.set(probe.service, Math.min(perService.get(probe.service) ?? Infinity, 2 * probe.intervalMs));
      }
      staleAfter.set(environment, perService);
    }
    return perService.get(service) ?? null;
  };

  function serviceAt(environment: string, service: string, t: number): ServiceAt {
    const status = deps.evidence.statusAt(service, environment, t);
    const check = deps.reader.lastCheck(service, environment, t);
    const limit = staleAfterMs(environment, service);
    return {
      service,
      status: status?.status ?? 'unknown',
      since: status?.since ?? null,
      reason: status?.reason ?? 'no health recorded by then',
      causedBy: status?.causedBy ?? null,
      lastCheckedAt: check?.at ?? null,
      latencyMs: check?.latencyMs ?? null,
      stale: limit !== null && (check === null || t - check.at > limit),
    };
  }

  return {
    get({ asOf, environment }) {
      const env = environment ?? deps.environment;
      if (!Object.hasOwn(deps.config.environments, env)) {
        throw new NotFoundError(`no environment "${env}" (known: ${Object.keys(deps.config.environments).join(', ')})`);
      }
      const now = deps.clock.now();
      if (asOf > now) throw new InvalidRequestError('asOf is in the future: a replay shows stored evidence only');
      if (asOf < now - REPLAY_WINDOW_MS) {
        // Older raw checks are gone (probes.rawRetention): tiles would be empty, not as they were.
        throw new InvalidRequestError(`asOf is more than ${REPLAY_WINDOW_MS / 86_400_000} days ago: replay reaches back 7 days`);
      }
      const board = deps.board.get({ environment: env, asOf });
      const services = Object.keys(deps.config.services).map((service) => serviceAt(env, service, asOf));
      const running = [
        ...deps.reader.loadRunsRunning(env, asOf).map((run) => ({ kind: 'load-run' as const, ...run })),
        ...deps.reader.actionRunsRunning(env, asOf, ACTION_LOOKBACK_MS).map((run) => ({ kind: 'action-run' as const, ...run })),
      ];
      return { asOf, environment: env, board, services, running };
    },
  };
}
