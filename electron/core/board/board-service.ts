/**
 * The go/no-go board: evaluates the configured criteria against stored evidence (evaluate-board.ts),
 * records sign-offs and waivers (audited), and, in the owner core, recomputes when any input of the
 * score changes and emits board.changed when the board reads differently.
 */
import type { BoardEvaluation, Signoff, SignoffInput, WaiveInput, Waiver } from '../../../shared/domain/board.js';
import type { WarroomConfig } from '../../../shared/domain/config.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { EventBus } from '../bus.js';
import type { Clock, Timer, Timers } from '../clock.js';
import { ConflictError, ForbiddenError, InvalidRequestError, NotFoundError } from '../errors.js';
import type { CoreProblems } from '../problems/problems.js';
import type { BoardEvidenceReader } from '../store/repos/board-evidence-reader.js';
import type { BoardRecordsRepo } from '../store/repos/board-records-repo.js';
import { resolveBoard } from './board-criteria.js';
import type { ResolvedCriterion } from './board-criteria.js';
import { evaluateBoard } from './evaluate-board.js';
import type { BoardInputs } from './evaluate-board.js';
import { noDrillEvidence, noPlanEvidence, noSecurityEvidence } from './ports.js';
import type { DrillPort, PlanPort, SecurityGatePort } from './ports.js';

/** Inputs arriving within this long are folded into one recompute. */
export const BOARD_THROTTLE_MS = 250;

export interface BoardServiceDeps {
  config: WarroomConfig;
  /** The environment the core follows: the board's default and the one board.changed is about. */
  environment: string;
  bus: EventBus;
  clock: Clock;
  timers: Timers;
  problems: CoreProblems;
  records: BoardRecordsRepo;
  evidence: BoardEvidenceReader;
  audit: AuditLog;
  security?: SecurityGatePort | undefined;
  drills?: DrillPort | undefined;
  plan?: PlanPort | undefined;
  throttleMs?: number;
}

export interface BoardService {
  /** The board of an environment (default: the core's) as of a moment (default: now). */
  get(input: { environment?: string | undefined; asOf?: number | undefined }): BoardEvaluation;
  signoff(input: SignoffInput): Signoff;
  waive(input: WaiveInput): Waiver;
  revokeWaiver(waiverId: number, by: string): Waiver;
  /** Follow the inputs of the score and emit board.changed (owner core only). */
  start(): void;
  stop(): void;
}

export function createBoardService(deps: BoardServiceDeps): BoardService {
  const board = resolveBoard(deps.config);
  const inputs: BoardInputs = {
    board,
    config: deps.config,
    evidence: deps.evidence,
    records: deps.records,
    security: deps.security ?? noSecurityEvidence,
    drills: deps.drills ?? noDrillEvidence,
    plan: deps.plan ?? noPlanEvidence,
  };
  const throttleMs = deps.throttleMs ?? BOARD_THROTTLE_MS;

  function criterion(id: string): ResolvedCriterion {
    const found = board.criteria.find((c) => c.id === id);
    if (!found) throw new NotFoundError(`no criterion "${id}" on the board (known: ${board.criteria.map((c) => c.id).join(', ')})`);
    return found;
  }

  function evaluate(environment: string, asOf: number): BoardEvaluation {
    return evaluateBoard(inputs, environment, asOf);
  }

  // ---- live ----
  let pending: Timer | undefined;
  let ageing: Timer | undefined;
  let lastSignature: string | undefined;
  const unsubscribe: (() => void)[] = [];
  let running = false;

  function schedule(): void {
    if (!running || pending) return;
    pending = deps.timers.after(throttleMs, () => {
      pending = undefined;
      recompute();
    });
  }

  function recompute(): void {
    deps.problems.attempt('board', 'recompute the go/no-go board', () => {
      const now = deps.clock.now();
      const evaluation = evaluate(deps.environment, now);
      const signature = signatureOf(evaluation);
      if (signature !== lastSignature) {
        lastSignature = signature;
        deps.bus.emit('board.changed', evaluation);
      }
      ageing?.cancel();
      ageing = evaluation.nextChangeAt === null ? undefined : deps.timers.after(Math.max(0, evaluation.nextChangeAt - now), schedule);
    });
  }

  return {
    get({ environment, asOf }) {
      const env = environment ?? deps.environment;
      if (!Object.hasOwn(deps.config.environments, env)) {
        throw new NotFoundError(`no environment "${env}" (known: ${Object.keys(deps.config.environments).join(', ')})`);
      }
      const now = deps.clock.now();
      if (asOf !== undefined && asOf > now) throw new InvalidRequestError('asOf is in the future: the board reads stored evidence only');
      return evaluate(env, asOf ?? now);
    },

    signoff({ criterionId, by, note, link }) {
      const spec = criterion(criterionId);
      if (spec.check.kind !== 'manual') {
        throw new InvalidRequestError(`"${criterionId}" is automatic (${spec.check.rule.type}): its evidence is stored by the app, not signed off`);
      }
      const person = spec.check.signoff.person;
      if (person && person.toLowerCase() !== by.trim().toLowerCase()) throw new ForbiddenError(`only ${person} may sign off "${criterionId}"`);
      const signoff = deps.records.addSignoff({
        criterionId,
        by,
        role: spec.check.signoff.role ?? null,
        note: note || null,
        link: link || null,
        at: deps.clock.now(),
      });
      deps.audit.append({
        actor: by,
        event: 'signoff',
        detail: { signoffId: signoff.id, criterionId, role: signoff.role, note: signoff.note, link: signoff.link },
      });
      schedule();
      return signoff;
    },

    waive({ criterionId, by, reason, expiresAt }) {
      const spec = criterion(criterionId);
      if (spec.hardBlocker) throw new ConflictError(`"${criterionId}" is a hard blocker: it cannot be waived, only met`);
      const now = deps.clock.now();
      if (expiresAt <= now) throw new InvalidRequestError('the waiver would already have expired: give an expiry in the future');
      const state = evaluate(deps.environment, now).criteria.find((c) => c.id === criterionId)?.evidenceState;
      if (state === 'met') throw new ConflictError(`"${criterionId}" is met: there is nothing to waive`);
      const waiver = deps.records.addWaiver({ criterionId, owner: by, reason, at: now, expiresAt });
      deps.audit.append({ actor: by, event: 'waived', detail: { waiverId: waiver.id, criterionId, reason, expiresAt } });
      schedule();
      return waiver;
    },

    revokeWaiver(waiverId, by) {
      const waiver = deps.records.getWaiver(waiverId);
      if (!waiver) throw new NotFoundError(`no waiver ${waiverId}`);
      const now = deps.clock.now();
      if (waiver.revokedAt !== null) throw new ConflictError(`waiver ${waiverId} was already revoked by ${waiver.revokedBy ?? 'someone'}`);
      if (waiver.expiresAt <= now) throw new ConflictError(`waiver ${waiverId} has already expired`);
      const revoked = deps.records.revokeWaiver(waiverId, by, now);
      deps.audit.append({ actor: by, event: 'waiver_revoked', detail: { waiverId, criterionId: waiver.criterionId } });
      schedule();
      return revoked;
    },

    start() {
      if (running) return;
      running = true;
      unsubscribe.push(
        deps.bus.on('health.changed', schedule),
        deps.bus.on('load.changed', (run) => {
          if (run.state !== 'running') schedule();
        }),
        // An exception accepted or withdrawn changes a load criterion (a run's end also lands here).
        deps.bus.on('load.suitesChanged', schedule),
        deps.bus.on('action.ended', schedule),
        deps.bus.on('monitoring.checked', schedule),
        inputs.security.onChange(schedule),
        inputs.drills.onChange(schedule),
        inputs.plan.onChange(schedule),
      );
      recompute();
    },

    stop() {
      running = false;
      pending?.cancel();
      ageing?.cancel();
      pending = ageing = undefined;
      for (const off of unsubscribe.splice(0)) off();
    },
  };
}

/** What makes two evaluations read the same: everything but the moment they were taken. */
function signatureOf(evaluation: BoardEvaluation): string {
  return JSON.stringify({ ...evaluation, asOf: null, nextChangeAt: null });
}
