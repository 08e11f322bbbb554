/**
 * Drills: runs the steps of a configured drill in order (actions, rehearsal faults, health waits,
 * load profiles, manual confirmations), stops at the first failed step with a verdict and offers
 * the configured recovery, and stores the whole run as one record with its steps and the runs
 * they started. One drill at a time per environment, and none while an action runs there.
 */
import type { WarroomConfig } from '../../../shared/domain/config.js';
import { drillStepKind, summarizeStep } from '../../../shared/domain/drills.js';
import type { DrillRun, DrillSpec, DrillsOverview, DrillStepSpec, DrillView } from '../../../shared/domain/drills.js';
import type { HealthOverview } from '../../../shared/domain/probes.js';
import type { FaultRequest, RehearsalState } from '../../../shared/domain/rehearsal.js';
import { describeReport, reportPassed } from '../../../shared/domain/test-reports.js';
import { formatDuration } from '../../../shared/format/durations.js';
import { ownValue } from '../../../shared/util/own-value.js';
import type { ActionService } from '../actions/action-service.js';
import type { EventBus } from '../bus.js';
import type { Clock, Timers } from '../clock.js';
import { ConflictError, DomainError, ForbiddenError, InvalidRequestError, NotFoundError } from '../errors.js';
import type { LoadService } from '../load/load-service.js';
import type { Logger } from '../logger.js';
import type { CoreProblems } from '../problems/problems.js';
import type { ActionRunsRepo } from '../store/repos/action-runs-repo.js';
import type { DrillRunsRepo, EndedDrill, PassedDrill } from '../store/repos/drill-runs-repo.js';
import type { LatestTestReport, TestReportsRepo } from '../store/repos/test-reports-repo.js';
import { faultOf } from './check-faults.js';

/** What the go/no-go board reads: drills that passed and test reports, as evidence by time. */
export interface DrillEvidence {
  /** The newest passed run of a drill in an environment that ended at or after `since`, or null. */
  lastPassedDrill(drillId: string, environment: string, since: number): PassedDrill | null;
  /** The newest JUnit report an action's runs wrote in an environment since `since`, or null. */
  latestTestReport(actionId: string, environment: string, since: number): LatestTestReport | null;
  /** The newest ended run of a drill in an environment by `asOf` (passed or not): the board's drill evidence. */
  latestEndedDrill(drillId: string, environment: string, asOf: number): EndedDrill | null;
}

export interface DrillService extends DrillEvidence {
  overview(limitRuns?: number): DrillsOverview;
  start(request: { drillId: string; actor: string; confirmation?: string | undefined }): DrillRun;
  /** Cancels a running drill (its current step too), or declines an offered recovery. */
  cancel(runId: number, actor: string): DrillRun;
  /** Confirms (or declines) a manual step that waits, or accepts (or declines) the offered recovery. */
  confirmStep(request: { runId: number; step: number; actor: string; accept: boolean }): DrillRun;
  get(runId: number): DrillRun;
  runs(query: { drillId?: string | undefined; limit: number; beforeId?: number | undefined }): DrillRun[];
  /** Resolves with the final record once the run ended. */
  finished(runId: number): Promise<DrillRun>;
  /** Ends what runs as interrupted and waits for it. */
  stop(): Promise<void>;
}

export interface DrillServiceDeps {
  config: WarroomConfig;
  environment: string;
  bus: EventBus;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  problems: CoreProblems;
  runs: DrillRunsRepo;
  actionRuns: Pick<ActionRunsRepo, 'unfinished'>;
  testReports: TestReportsRepo;
  actions: Pick<ActionService, 'run' | 'finished' | 'cancel'>;
  load: Pick<LoadService, 'start' | 'finished' | 'stop'>;
  health: { checkAll(): Promise<HealthOverview> };
  rehearsal: { fault(request: FaultRequest): Promise<RehearsalState> };
  /** Pause between two looks at health in a wait step. Default 1000. */
  waitEveryMs?: number;
  /** Mark interrupted the drills a stopped Warroom left running (only the data dir's owner may). */
  recoverInterrupted: boolean;
}

/** How a step ended. */
type StepOutcome = { ok: boolean; detail: string };

/** Why a run stops early: an operator cancelled it, or Warroom is closing. */
type Stop = { kind: 'cancelled'; actor: string } | { kind: 'stopping' };

/** A decision an operator makes: a manual step, or the offered recovery. */
interface Decision {
  step: number;
  resolve(answer: { accept: boolean; actor: string }): void;
}

interface LiveRun {
  id: number;
  spec: DrillSpec;
  actor: string;
  stop: Stop | undefined;
  /** Called once when the run is asked to stop: ends the current step's work. */
  onStop: (() => void) | undefined;
  decision: Decision | undefined;
  done: Promise<DrillRun>;
}

export function createDrillService(deps: DrillServiceDeps): DrillService {
  const drills = deps.config.drills ?? {};
  const env = deps.config.environments[deps.environment];
  const production = env?.production ?? false;
  const rehearsalEnv = env?.rehearsal ?? false;
  const live = new Map<number, LiveRun>();
  const waitEveryMs = deps.waitEveryMs ?? 1000;

  const stepChanged = (run: DrillRun, index: number): DrillRun => {
    deps.bus.emit('drills.step', { run, index });
    return run;
  };

  const confirmationOf = (spec: DrillSpec): 'none' | 'click' | 'type-environment' => {
    const declared = spec.confirm ?? 'type-environment';
    return production ? 'type-environment' : declared;
  };

  const allSteps = (spec: DrillSpec): DrillStepSpec[] => (spec.recovery ? [...spec.steps, spec.recovery] : spec.steps);

  /** Why this drill may not run here, or null. */
  const refusalOf = (id: string, spec: DrillSpec): string | null => {
    if (spec.environments && !spec.environments.includes(deps.environment)) {
      return `${id} may not run in ${deps.environment} (allowed: ${spec.environments.join(', ')})`;
    }
    const faultStep = allSteps(spec).find((step) => step.fault !== undefined);
    if (faultStep && !rehearsalEnv) {
      return `${id} injects a fault ("${faultStep.name}"): only in a rehearsal environment, and ${deps.environment} is not one`;
    }
    return null;
  };

  const view = (id: string, spec: DrillSpec): DrillView => {
    const refusal = refusalOf(id, spec);
    const last = deps.runs.lastPassed(id, deps.environment, 0);
    return {
      id,
      label: spec.label,
      description: spec.description ?? null,
      confirm: confirmationOf(spec),
      allowedHere: refusal === null,
      refusal,
      steps: spec.steps.map((step) => ({ name: step.name, kind: drillStepKind(step), summary: summarizeStep(step) })),
      recovery: spec.recovery ? { name: spec.recovery.name, kind: drillStepKind(spec.recovery), summary: summarizeStep(spec.recovery) } : null,
      lastPassed: last ? { runId: last.runId, finishedAt: last.finishedAt } : null,
    };
  };

  /** A drill or an action already holds this environment: say which. */
  const busyWith = (): string | null => {
    const drill = deps.runs.active(deps.environment)[0];
    if (drill) {
      const at = drill.steps.find((s) => s.state === 'running' || s.state === 'waiting');
      return `drill "${drill.drillId}" (run ${drill.id}, started by ${drill.actor}) is ${drill.state === 'recovery_offered' ? 'offering its recovery' : 'running'} in ${deps.environment}${at ? `, at step ${at.index + 1} (${at.name})` : ''}`;
    }
    const action = deps.actionRuns.unfinished().find((run) => run.environment === deps.environment);
    if (action) return `action "${action.actionId}" (run ${action.id}, started by ${action.actor}) is ${action.state.replace('_', ' ')} in ${deps.environment}`;
    return null;
  };

  // ---- steps ----

  /** Waits `ms`, or less when the run is asked to stop. */
  const pause = (run: LiveRun, ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = deps.timers.after(ms, () => {
        run.onStop = undefined;
        resolve();
      });
      run.onStop = () => {
        timer.cancel();
        resolve();
      };
    });

  const actionStep = async (run: LiveRun, index: number, step: DrillStepSpec): Promise<StepOutcome> => {
    let started;
    try {
      started = deps.actions.run({ actionId: step.action!, params: step.params, dryRun: step.dryRun, actor: run.actor, confirmation: undefined }, { drillRunId: run.id });
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, detail: `action ${step.action} refused: ${error.message}` };
      throw error;
    }
    stepChanged(deps.runs.step(run.id, index, { state: 'running', actionRunId: started.id, detail: `action ${step.action} (run ${started.id})` }), index);
    const actionRunId = started.id;
    run.onStop = () => {
      try {
        deps.actions.cancel(actionRunId, run.stop?.kind === 'cancelled' ? run.stop.actor : 'Warroom');
      } catch (error) {
        // It ended on its own between the look and the cancel: nothing to stop.
        if (!(error instanceof ConflictError)) throw error;
      }
    };
    const ended = await deps.actions.finished(actionRunId);
    run.onStop = undefined;
    const report = deps.testReports.ofRun(actionRunId);
    const tests = report ? `; tests: ${describeReport(report)}` : '';
    const why = ended.reason && ended.state !== 'succeeded' ? ` (${ended.reason})` : '';
    const how = `${ended.state}${why}${ended.healthRestored === false ? '; health NOT restored' : ''}`;
    const ok = ended.state === 'succeeded' && ended.healthRestored !== false && (report === null || reportPassed(report));
    const failingTests = report && report.failing.length > 0 ? `; failing: ${report.failing.slice(0, 5).map((t) => t.name).join(', ')}` : '';
    return { ok, detail: `action ${step.action} (run ${actionRunId}): ${how}${tests}${ok ? '' : failingTests}` };
  };

  const faultStep = async (step: DrillStepSpec): Promise<StepOutcome> => {
    const fault = step.fault!;
    try {
      await deps.rehearsal.fault({ service: fault.service, fault: faultOf(fault) });
      return { ok: true, detail: `${summarizeStep(step)}: injected` };
    } catch (error) {
      return { ok: false, detail: `${summarizeStep(step)}: ${(error as Error).message}` };
    }
  };

  const waitStep = async (run: LiveRun, index: number, step: DrillStepSpec): Promise<StepOutcome> => {
    const wait = step.wait!;
    const began = deps.clock.now();
    const deadline = began + wait.timeout;
    const wanted = wait.until === 'ready' ? 'up' : 'down';
    for (;;) {
      const overview = await deps.health.checkAll();
      const watched = overview.services.filter((s) => !wait.services || wait.services.includes(s.service));
      const missing = watched.filter((s) => s.status !== wanted);
      const took = formatDuration(deps.clock.now() - began);
      if (missing.length === 0) return { ok: true, detail: `${wait.services?.join(', ') ?? 'every service'} ${wait.until === 'ready' ? 'ready' : 'not ready'} after ${took}` };
      const still = missing.map((s) => `${s.service} ${s.status}${s.reason ? ` (${s.reason})` : ''}`).join(', ');
      if (run.stop) return { ok: false, detail: `stopped while waiting: ${still}` };
      if (deps.clock.now() >= deadline) return { ok: false, detail: `not ${wait.until === 'ready' ? 'ready' : 'down'} after ${took}: ${still}` };
      // Said again after every look, so whoever follows the run sees it is still looking.
      stepChanged(deps.runs.step(run.id, index, { state: 'running', detail: `waiting ${took}: ${still}` }), index);
      await pause(run, Math.min(waitEveryMs, Math.max(0, deadline - deps.clock.now())));
    }
  };

  const loadStep = async (run: LiveRun, index: number, step: DrillStepSpec): Promise<StepOutcome> => {
    let started;
    try {
      started = await deps.load.start({ profile: step.load!, actor: run.actor });
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, detail: `load profile ${step.load} refused: ${error.message}` };
      throw error;
    }
    const loadRunId = started.id;
    stepChanged(deps.runs.step(run.id, index, { state: 'running', loadRunId, detail: `load profile ${step.load} (run ${loadRunId})` }), index);
    run.onStop = () => {
      try {
        deps.load.stop(loadRunId, run.stop?.kind === 'cancelled' ? run.stop.actor : 'Warroom');
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    };
    const ended = await deps.load.finished(loadRunId);
    run.onStop = undefined;
    const verdict = ended.decidedBy;
    const decided = verdict ? `: ${verdict.endpoint ? `${verdict.endpoint} ` : ''}${verdict.expression}${verdict.actual === null ? '' : ` (was ${verdict.actual})`}` : '';
    return { ok: ended.state === 'passed', detail: `load profile ${step.load} (run ${loadRunId}): ${ended.state}${ended.error ? ` (${ended.error})` : decided}` };
  };

  /** Waits for an operator's answer to the step (a manual check, or the offered recovery). */
  const decide = (run: LiveRun, index: number): Promise<{ accept: boolean; actor: string } | undefined> =>
    new Promise((resolve) => {
      run.decision = {
        step: index,
        resolve: (answer) => {
          run.decision = undefined;
          run.onStop = undefined;
          resolve(answer);
        },
      };
      run.onStop = () => {
        run.decision = undefined;
        resolve(undefined);
      };
    });

  const manualStep = async (run: LiveRun, index: number, step: DrillStepSpec): Promise<StepOutcome> => {
    // Ready for the answer before anyone hears the step waits: an answer may come back at once.
    const answered = decide(run, index);
    stepChanged(deps.runs.step(run.id, index, { state: 'waiting', detail: `waiting for an operator: ${step.manual}` }), index);
    const answer = await answered;
    if (!answer) return { ok: false, detail: 'stopped while waiting for an operator' };
    deps.runs.step(run.id, index, { state: 'running', confirmedBy: answer.actor });
    return answer.accept ? { ok: true, detail: `confirmed by ${answer.actor}` } : { ok: false, detail: `declined by ${answer.actor}` };
  };

  const runStep = (run: LiveRun, index: number, step: DrillStepSpec): Promise<StepOutcome> => {
    switch (drillStepKind(step)) {
      case 'action':
        return actionStep(run, index, step);
      case 'fault':
        return faultStep(step);
      case 'wait':
        return waitStep(run, index, step);
      case 'load':
        return loadStep(run, index, step);
      case 'manual':
        return manualStep(run, index, step);
    }
  };

  /** Runs one step: its record goes running, then passed, failed, cancelled or interrupted. */
  const execute = async (run: LiveRun, index: number, step: DrillStepSpec): Promise<StepOutcome & { stopped: boolean }> => {
    stepChanged(deps.runs.step(run.id, index, { state: 'running', startedAt: deps.clock.now() }), index);
    let outcome: StepOutcome;
    try {
      outcome = await runStep(run, index, step);
    } catch (error) {
      deps.logger.error(`drill run ${run.id} step ${index + 1}`, error);
      outcome = { ok: false, detail: `Warroom failed running the step: ${(error as Error).message}` };
    }
    const stopped = run.stop !== undefined;
    const state = outcome.ok ? 'passed' : stopped ? (run.stop?.kind === 'cancelled' ? 'cancelled' : 'interrupted') : 'failed';
    stepChanged(deps.runs.step(run.id, index, { state, endedAt: deps.clock.now(), detail: outcome.detail }), index);
    return { ...outcome, ok: outcome.ok, stopped: stopped && !outcome.ok };
  };

  const skipRest = (run: LiveRun, from: number) => {
    const stored = deps.runs.get(run.id)!;
    for (const step of stored.steps) if (step.index >= from && !step.recovery && step.state === 'pending') deps.runs.step(run.id, step.index, { state: 'skipped' });
  };

  const finish = (run: LiveRun, change: Parameters<DrillRunsRepo['end']>[1]): DrillRun => {
    const ended = deps.runs.end(run.id, change);
    deps.bus.emit('drills.ended', ended);
    return ended;
  };

  /** The whole life of a run: steps in order, the verdict, the offered recovery. */
  const life = async (run: LiveRun): Promise<DrillRun> => {
    const steps = run.spec.steps;
    const began = deps.clock.now();
    const stopAt = (index: number, where: string): DrillRun => {
      const by =
        run.stop?.kind === 'cancelled'
          ? { state: 'cancelled' as const, verdict: `cancelled by ${run.stop.actor} ${where}` }
          : { state: 'interrupted' as const, verdict: `interrupted: Warroom stopped ${where}` };
      return finish(run, { ...by, endedAt: deps.clock.now(), stoppedAt: index });
    };
    for (let index = 0; index < steps.length; index += 1) {
      const step = steps[index]!;
      // A step that ended as the stop came in passed, but the next one does not start.
      if (run.stop) {
        skipRest(run, index);
        return stopAt(index, `before step ${index + 1} (${step.name})`);
      }
      const outcome = await execute(run, index, step);
      if (outcome.ok) continue;
      skipRest(run, index + 1);
      const where = `step ${index + 1} (${step.name})`;
      if (outcome.stopped) return stopAt(index, `during ${where}`);
      const verdict = `failed at ${where}: ${outcome.detail}`;
      return run.spec.recovery ? offerRecovery(run, index, verdict) : finish(run, { state: 'failed', endedAt: deps.clock.now(), verdict, stoppedAt: index });
    }
    return finish(run, { state: 'passed', endedAt: deps.clock.now(), verdict: `passed: ${steps.length} steps in ${formatDuration(deps.clock.now() - began)}`, stoppedAt: null });
  };

  /** The drill failed: its verdict stands; the recovery waits for an operator to accept or decline it. */
  const offerRecovery = async (run: LiveRun, failedAt: number, verdict: string): Promise<DrillRun> => {
    const index = run.spec.steps.length;
    const recovery = run.spec.recovery!;
    deps.runs.end(run.id, { state: 'recovery_offered', endedAt: null, verdict, stoppedAt: failedAt });
    const answered = decide(run, index);
    stepChanged(deps.runs.step(run.id, index, { state: 'waiting', detail: `offered: ${summarizeStep(recovery)}` }), index);
    const answer = await answered;
    if (!answer || !answer.accept) {
      const why = answer ? `recovery declined by ${answer.actor}` : run.stop?.kind === 'cancelled' ? `recovery declined by ${run.stop.actor}` : 'Warroom stopped before the recovery was decided';
      stepChanged(deps.runs.step(run.id, index, { state: answer || run.stop?.kind === 'cancelled' ? 'skipped' : 'interrupted', detail: why, ...(answer ? { confirmedBy: answer.actor } : {}) }), index);
      return finish(run, { state: 'failed', endedAt: deps.clock.now(), verdict: `${verdict}; ${why}`, stoppedAt: failedAt });
    }
    deps.runs.step(run.id, index, { state: 'waiting', confirmedBy: answer.actor });
    const outcome = await execute(run, index, recovery);
    const how = outcome.ok ? `recovery "${recovery.name}" passed` : `recovery "${recovery.name}" ${outcome.stopped ? 'stopped' : 'failed'}: ${outcome.detail}`;
    return finish(run, { state: 'failed', endedAt: deps.clock.now(), verdict: `${verdict}; ${how}`, stoppedAt: failedAt });
  };

  /** A life that threw (its record could not be stored…): a core problem, and the run ends as stored. */
  const settle = (run: LiveRun, promise: Promise<DrillRun>): Promise<DrillRun> =>
    promise
      .then((ended) => {
        deps.problems.clear('drills.run');
        return ended;
      })
      .catch((error: unknown) => {
        deps.problems.report('drills.run', `drill run ${run.id}`, error);
        const stored = deps.runs.get(run.id)!;
        if (stored.state !== 'running' && stored.state !== 'recovery_offered') return stored;
        return finish(run, { state: 'failed', endedAt: deps.clock.now(), verdict: `Warroom failed running the drill: ${(error as Error).message}`, stoppedAt: null });
      })
      .finally(() => live.delete(run.id));

  /** Drills a Warroom that stopped left running: interrupted, with the step they were on. */
  const recoverInterrupted = () => {
    for (const run of deps.runs.active()) {
      const at = run.steps.find((s) => s.state === 'running' || s.state === 'waiting');
      for (const step of run.steps) {
        if (step.state === 'running' || step.state === 'waiting') deps.runs.step(run.id, step.index, { state: 'interrupted', endedAt: deps.clock.now(), detail: 'Warroom stopped during this step' });
        else if (step.state === 'pending' && !step.recovery) deps.runs.step(run.id, step.index, { state: 'skipped' });
      }
      const where = at ? `step ${at.index + 1} (${at.name})` : 'the drill';
      const verdict =
        run.state === 'recovery_offered' ? `${run.verdict ?? 'failed'}; Warroom stopped before the recovery was decided` : `interrupted: Warroom stopped during ${where}`;
      const ended = deps.runs.end(run.id, { state: run.state === 'recovery_offered' ? 'failed' : 'interrupted', endedAt: deps.clock.now(), verdict, stoppedAt: run.stoppedAt ?? at?.index ?? null });
      deps.logger.warn(`drill run ${run.id} (${run.drillId}) ${verdict}`);
      deps.bus.emit('drills.ended', ended);
    }
  };
  if (deps.recoverInterrupted) recoverInterrupted();

  const liveRun = (runId: number): LiveRun => {
    const run = live.get(runId);
    if (!run) {
      const stored = deps.runs.get(runId);
      throw stored ? new ConflictError(`drill run ${runId} is not running (${stored.state})`) : new NotFoundError(`no drill run ${runId}`);
    }
    return run;
  };

  return {
    overview(limitRuns = 20) {
      return {
        environment: deps.environment,
        production,
        drills: Object.entries(drills).map(([id, spec]) => view(id, spec)),
        active: deps.runs.active(deps.environment)[0] ?? null,
        runs: deps.runs.list({ limit: limitRuns }),
      };
    },
    start({ drillId, actor, confirmation }) {
      const spec = ownValue(drills, drillId);
      if (!spec) throw new NotFoundError(`no drill "${drillId}" in the config${Object.keys(drills).length ? ` (known: ${Object.keys(drills).join(', ')})` : ''}`);
      const refusal = refusalOf(drillId, spec);
      if (refusal) throw new ForbiddenError(refusal);
      if (confirmationOf(spec) === 'type-environment' && confirmation?.trim() !== deps.environment) {
        throw new InvalidRequestError(confirmation ? `confirmation "${confirmation}" does not match: type "${deps.environment}" to confirm` : `type "${deps.environment}" to confirm`);
      }
      const busy = busyWith();
      if (busy) throw new ConflictError(`${busy}: one drill at a time, and none while an action runs`);
      const stored = deps.runs.create({
        drillId,
        label: spec.label,
        environment: deps.environment,
        actor,
        startedAt: deps.clock.now(),
        steps: allSteps(spec).map((step, index) => ({ name: step.name, kind: drillStepKind(step), recovery: index >= spec.steps.length, prompt: step.manual ?? null })),
      });
      const run: LiveRun = { id: stored.id, spec, actor, stop: undefined, onStop: undefined, decision: undefined, done: Promise.resolve(stored) };
      live.set(run.id, run);
      run.done = settle(run, life(run));
      return deps.runs.get(run.id)!;
    },
    cancel(runId, actor) {
      const run = liveRun(runId);
      if (!run.stop) {
        run.stop = { kind: 'cancelled', actor };
        run.onStop?.();
      }
      return deps.runs.get(runId)!;
    },
    confirmStep({ runId, step, actor, accept }) {
      const run = liveRun(runId);
      if (!run.decision || run.decision.step !== step) {
        const waiting = run.decision ? `step ${run.decision.step + 1} waits` : 'no step waits';
        throw new ConflictError(`step ${step + 1} of drill run ${runId} is not waiting for a confirmation (${waiting})`);
      }
      run.decision.resolve({ accept, actor });
      return deps.runs.get(runId)!;
    },
    get(runId) {
      const run = deps.runs.get(runId);
      if (!run) throw new NotFoundError(`no drill run ${runId}`);
      return run;
    },
    runs: (query) => deps.runs.list(query),
    finished(runId) {
      const run = live.get(runId);
      if (run) return run.done;
      const stored = deps.runs.get(runId);
      return stored ? Promise.resolve(stored) : Promise.reject(new NotFoundError(`no drill run ${runId}`));
    },
    lastPassedDrill: (drillId, environment, since) => deps.runs.lastPassed(drillId, environment, since),
    latestTestReport: (actionId, environment, since) => deps.testReports.latest({ actionId, environment, since }),
    latestEndedDrill: (drillId, environment, asOf) => deps.runs.latestEnded(drillId, environment, asOf),
    async stop() {
      for (const run of live.values()) {
        if (run.stop) continue;
        run.stop = { kind: 'stopping' };
        run.onStop?.();
      }
      await Promise.allSettled([...live.values()].map((run) => run.done));
    },
  };
}
