/**
 * Operator actions: checks a request against the config (action, environment, parameters,
 * confirmation, concurrency), records it in the audit trail, waits for a second operator when
 * asked, runs the script in its own process group with live, masked output, and verifies the
 * platform's health afterwards. Every refusal is audited too.
 */
import type {
  ActionRun,
  ActionSpec,
  ActionsOverview,
  ActionView,
  RunbookView,
  RunRequest,
} from '../../../shared/domain/actions.js';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import type { HealthOverview } from '../../../shared/domain/probes.js';
import type { WarroomConfig } from '../../../shared/domain/config.js';
import { ownValue } from '../../../shared/util/own-value.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { EventBus } from '../bus.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { CoreProblems } from '../problems/problems.js';
import { ConflictError, DomainError, ForbiddenError, InvalidRequestError, NotFoundError } from '../errors.js';
import type { DomainErrorCode } from '../errors.js';
import type { ActionRunsRepo } from '../store/repos/action-runs-repo.js';
import type { RunbookProgressRepo } from '../store/repos/runbook-progress-repo.js';
import type { TestReportsRepo } from '../store/repos/test-reports-repo.js';
import { readTestReport, reportPath } from '../test-reports/read-report.js';
import { buildCommand, checkParams, RunRefusal } from './build-command.js';
import { checkConfirmation, expectedConfirmation, requiredConfirmation } from './confirmation.js';
import { runProcess } from './process/run-process.js';
import type { ProcessEnd, RunningProcess } from './process/run-process.js';
import { createRecoveredRuns } from './recovered-runs.js';

export interface ActionService {
  overview(limitRuns?: number): ActionsOverview;
  runs(query: { actionId?: string | undefined; limit: number; beforeId?: number | undefined }): ActionRun[];
  output(runId: number): { text: string; bytes: number; truncated: boolean };
  /**
   * Checks, audits and starts a run (or leaves it awaiting approval); returns once it is under way.
   * `drillRunId`: a step of that drill, whose own confirmation stands for the action's.
   */
  run(request: RunRequest, options?: { drillRunId?: number }): ActionRun;
  approve(runId: number, approver: string): ActionRun;
  cancel(runId: number, actor: string): ActionRun;
  /** A run, and whether its whole life (process and verification) is over. */
  get(runId: number): { run: ActionRun; ended: boolean };
  /** Resolves when the run (and its verification) ended. */
  finished(runId: number): Promise<ActionRun>;
  markStep(mark: { runbookId: string; step: number; done: boolean; actor: string }): RunbookView;
  /** Cancels what runs and waits for it: nothing is left behind when Warroom stops. */
  stop(): Promise<void>;
}

export interface ActionServiceDeps {
  config: WarroomConfig;
  configDir: string;
  environment: string;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  problems: CoreProblems;
  runs: ActionRunsRepo;
  runbooks: RunbookProgressRepo;
  audit: AuditLog;
  /** JUnit reports of runs whose action declares `junit:`. */
  testReports: TestReportsRepo;
  /** The data directory, for reports declared as `{dataDir}/…`. */
  dataDir: string;
  /** Health now, and a fresh check of every probe (for verification after a run). */
  health: { overview(): HealthOverview; checkAll(): Promise<HealthOverview> };
  env: NodeJS.ProcessEnv;
  /** Extra variables every script gets (e.g. WARROOM_REHEARSAL_STATE). */
  scriptEnv: Record<string, string>;
  /** Pause between verification checks. */
  verifyEveryMs?: number;
  /** How often a run found still running after a restart is looked at. Default 1000. */
  watchEveryMs?: number;
  /** Fail the runs a stopped Warroom left running (only the data dir's owner may). */
  recoverInterrupted: boolean;
}

type Brief = Record<string, 'up' | 'degraded' | 'down' | 'unknown'>;

export function createActionService(deps: ActionServiceDeps): ActionService {
  const actions = deps.config.actions ?? {};
  const runbooks = deps.config.runbooks ?? {};
  const services = Object.keys(deps.config.services);
  const production = deps.config.environments[deps.environment]?.production ?? false;
  const productionEnvs = Object.entries(deps.config.environments).filter(([, e]) => e.production).map(([id]) => id);
  const active = new Map<number, RunningProcess>();
  const endings = new Map<number, Promise<ActionRun>>();
  /** Runs whose ending has not settled yet (running, or verifying after the process ended). */
  const unsettled = new Set<number>();
  const pendingApproval = new Map<number, { spec: ActionSpec; request: RunRequest }>();
  let stopping = false;

  const changed = (run: ActionRun) => {
    deps.bus.emit('action.changed', run);
    return run;
  };
  // Runs a Warroom that died left behind: still running ones are watched, the others end.
  const recovered = createRecoveredRuns({
    runs: deps.runs,
    audit: deps.audit,
    clock: deps.clock,
    logger: deps.logger,
    changed,
    timeoutOf: (actionId) => actions[actionId]?.timeout,
    watchEveryMs: deps.watchEveryMs,
  });
  // Only the data dir's owner recovers: a guest (a CLI command beside a running app) leaves them be.
  if (deps.recoverInterrupted) recovered.recover();
  /** Announces that a run's life is over; sent once per run, after its final record is stored. */
  const ended = (run: ActionRun) => {
    deps.bus.emit('action.ended', run);
    return run;
  };
  /** Follows a run's life to its end: a failure inside Warroom is a core problem and still ends it (as stored). */
  const track = (runId: number, life: Promise<ActionRun>): void => {
    unsettled.add(runId);
    const ending = life
      .then(endedCleanly, (error: unknown) => failedInside(runId, error))
      .then((run) => {
        unsettled.delete(runId);
        return ended(run);
      });
    endings.set(runId, ending);
  };
  const brief = (overview: HealthOverview): Brief => Object.fromEntries(overview.services.map((s) => [s.service, s.status]));

  const view = (id: string, spec: ActionSpec): ActionView => ({
    id,
    label: spec.label,
    kind: spec.kind,
    description: spec.description ?? null,
    params: spec.params,
    services,
    confirm: requiredConfirmation(spec, production),
    requireApproval: spec.requireApproval && production,
    canDryRun: spec.dryRunArgv !== undefined,
    allowedHere: !spec.environments || spec.environments.includes(deps.environment),
    timeoutMs: spec.timeout,
    lastRehearsal: deps.runs.lastSuccessfulRehearsal(id, productionEnvs),
  });

  const runbookView = (id: string): RunbookView => {
    const runbook = runbooks[id]!;
    const marks = new Map(deps.runbooks.state(id).map((mark) => [mark.step, mark]));
    return {
      id,
      title: runbook.title,
      when: runbook.when ?? null,
      steps: runbook.steps.map((step, index) => {
        const mark = marks.get(index);
        return { text: step.text, action: step.action ?? null, done: mark?.done ?? false, by: mark?.by ?? null, at: mark?.at ?? null };
      }),
    };
  };

  /** Refuses and records why; `code` is what the caller gets. */
  const refuse = (request: Partial<RunRequest>, code: Exclude<DomainErrorCode, 'unavailable'>, reason: string): never => {
    deps.audit.append({
      actor: request.actor ?? 'unknown',
      event: 'refused',
      actionId: typeof request.actionId === 'string' ? request.actionId.slice(0, 80) : null,
      detail: { reason, environment: deps.environment, dryRun: request.dryRun ?? false },
    });
    throw new DomainError(code, reason);
  };

  /** Where a run's JUnit report goes, when its action declares one. */
  const junitPath = (spec: ActionSpec): string | undefined =>
    spec.junit === undefined ? undefined : reportPath(spec.junit, { cwd: spec.cwd ? resolvePath(deps.configDir, spec.cwd) : deps.configDir, dataDir: deps.dataDir });

  /** Runs one process for a run id, streaming its output. */
  const spawn = (runId: number, spec: ActionSpec, request: RunRequest): RunningProcess => {
    const report = junitPath(spec);
    // The data dir's report folder is Warroom's own: make it; anywhere else is the script's business.
    if (report && spec.junit?.startsWith('{dataDir}')) mkdirSync(dirname(report), { recursive: true, mode: 0o700 });
    const command = buildCommand(spec, request, {
      configDir: deps.configDir,
      services,
      env: deps.env,
      context: {
        ...deps.scriptEnv,
        WARROOM_ENVIRONMENT: deps.environment,
        WARROOM_ACTION: request.actionId,
        WARROOM_RUN_ID: String(runId),
        WARROOM_ACTOR: request.actor,
        WARROOM_DRY_RUN: request.dryRun ? '1' : '0',
        ...(report ? { WARROOM_JUNIT_REPORT: report } : {}),
      },
      nodePath: process.execPath,
      electron: Boolean(process.versions.electron),
    });
    deps.audit.append({ actor: request.actor, event: 'started', actionId: request.actionId, runId, detail: { argv: command.argv, cwd: command.cwd, dryRun: request.dryRun } });
    return runProcess({
      argv: command.argv,
      cwd: command.cwd,
      env: command.env,
      timeoutMs: spec.timeout,
      maxStoredBytes: spec.maxStoredOutputBytes,
      secrets: command.secrets,
      marker: randomUUID(),
      onOutput: (chunk) =>
        deps.problems.attempt('actions.output', 'sending live action output', () => deps.bus.emit('action.output', { runId, stream: chunk.stream, text: chunk.text, at: chunk.at })),
    });
  };

  /** `verifying`: a run that exited 0 is not done until the health check after it is. */
  const finish = (runId: number, request: RunRequest, end: ProcessEnd, verifying: boolean): ActionRun => {
    const exited = end.exitCode === 0 ? (verifying ? 'verifying' : 'succeeded') : 'failed';
    const state = end.outcome === 'exited' ? exited : end.outcome === 'failed_to_start' ? 'failed' : end.outcome;
    const run = deps.runs.finish(runId, {
      state,
      endedAt: deps.clock.now(),
      exitCode: end.exitCode,
      signal: end.signal,
      reason: end.reason,
      output: end.storedOutput,
      outputBytes: end.outputBytes,
      truncated: end.truncated,
      digest: end.digest,
    });
    deps.audit.append({
      actor: request.actor,
      event: 'exited',
      actionId: request.actionId,
      runId,
      detail: { state, exitCode: end.exitCode, signal: end.signal, reason: end.reason, outputDigest: end.digest, outputBytes: end.outputBytes, durationMs: end.durationMs },
    });
    return changed(run);
  };

  /** Polls every probe until all services are up or the deadline passes. */
  const verify = async (run: ActionRun, spec: ActionSpec, request: RunRequest): Promise<ActionRun> => {
    const deadline = deps.clock.now() + (spec.verify?.deadline ?? 120_000);
    let overview = await deps.health.checkAll();
    while (!overview.services.every((s) => s.status === 'up') && deps.clock.now() < deadline && !stopping) {
      await new Promise((resolve) => setTimeout(resolve, deps.verifyEveryMs ?? 2000));
      overview = await deps.health.checkAll();
    }
    const restored = overview.services.every((s) => s.status === 'up');
    const after = deps.runs.verified(run.id, brief(overview), restored);
    deps.audit.append({ actor: request.actor, event: 'verified', actionId: request.actionId, runId: run.id, detail: { restored, health: brief(overview) } });
    return changed(after);
  };

  /** The whole life of a started run: preconditions, the process, verification. */
  const execute = async (runId: number, spec: ActionSpec, request: RunRequest): Promise<ActionRun> => {
    changed(deps.runs.start(runId, deps.clock.now(), brief(deps.health.overview())));
    const failWith = (reason: string): ActionRun => {
      const run = deps.runs.finish(runId, { state: 'failed', endedAt: deps.clock.now(), exitCode: null, signal: null, reason, output: null, outputBytes: 0, truncated: false, digest: null });
      deps.audit.append({ actor: request.actor, event: 'exited', actionId: request.actionId, runId, detail: { state: 'failed', reason } });
      return changed(run);
    };
    for (const beforeId of spec.before) {
      let ended: ActionRun;
      try {
        const before = startRun({ actionId: beforeId, params: {}, dryRun: false, actor: request.actor, confirmation: undefined }, { precondition: true });
        ended = await endings.get(before.id)!;
      } catch (error) {
        return failWith(`precondition ${beforeId} refused: ${(error as Error).message}`);
      }
      if (ended.state !== 'succeeded') return failWith(`precondition ${beforeId} ${ended.state}${ended.reason ? `: ${ended.reason}` : ''}`);
    }
    let processHandle: RunningProcess;
    try {
      processHandle = spawn(runId, spec, request);
    } catch (error) {
      return failWith(error instanceof RunRefusal ? error.message : `could not start: ${(error as Error).message}`);
    }
    active.set(runId, processHandle);
    const tree = processHandle.tree;
    if (processHandle.pid !== null) {
      // Stored at once: a Warroom that dies from here on leaves enough to find the whole tree again.
      changed(deps.runs.spawned(runId, { pid: processHandle.pid, pgid: tree?.pgid ?? null, leaderStartTicks: tree?.leaderStartTicks ?? null, marker: tree?.marker ?? null }));
    }
    const end = await processHandle.done;
    active.delete(runId);
    const report = junitPath(spec);
    if (report && spec.junit && !request.dryRun) {
      // Stored before the run is announced ended, so whoever waits for the end finds the report.
      const startedAt = deps.runs.get(runId)?.startedAt ?? deps.clock.now();
      deps.testReports.record(readTestReport({ path: report, file: spec.junit, actionRunId: runId, startedAt, now: deps.clock.now() }));
    }
    const verifies = Boolean(spec.verify?.probes) && !request.dryRun && (end.outcome === 'exited' || end.outcome === 'timed_out');
    const run = finish(runId, request, end, verifies);
    return verifies ? verify(run, spec, request) : run;
  };

  /**
   * A run's life threw (its record could not be stored, it was ended elsewhere, …): a core problem,
   * never an unhandled rejection; what is stored is announced as the run's state.
   */
  const failedInside = (runId: number, error: unknown): ActionRun => {
    deps.problems.report('actions.run', `action run ${runId}`, error);
    return changed(deps.runs.get(runId)!);
  };
  const endedCleanly = (run: ActionRun): ActionRun => {
    deps.problems.clear('actions.run');
    return run;
  };

  /** Checks a request and starts it; `precondition` and drill runs skip confirmation (their parent was confirmed). */
  const startRun = (request: RunRequest, options: { precondition?: boolean; drillRunId?: number } = {}): ActionRun => {
    const spec = ownValue(actions, request.actionId);
    if (!spec) return refuse(request, 'not_found', `no action "${request.actionId}" in the config`);
    if (spec.environments && !spec.environments.includes(deps.environment)) {
      return refuse(request, 'forbidden', `${request.actionId} may not run in ${deps.environment} (allowed: ${spec.environments.join(', ')})`);
    }
    let values: Record<string, string | boolean>;
    try {
      values = checkParams(spec, request.params, services);
      if (!options.precondition && options.drillRunId === undefined) checkConfirmation(expectedConfirmation(requiredConfirmation(spec, production), deps.environment, spec, values), request.confirmation);
      if (request.dryRun && !spec.dryRunArgv) throw new RunRefusal('this action has no dry run');
    } catch (error) {
      if (error instanceof RunRefusal) return refuse(request, 'invalid_input', error.message);
      throw error;
    }
    const target = Object.entries(spec.params).find(([, p]) => p.type === 'service')?.[0];
    const targetValue = target ? String(values[target]) : null;
    if (deps.runs.activeCount(request.actionId, targetValue) >= spec.maxConcurrent) {
      return refuse(request, 'conflict', `${request.actionId}${targetValue ? ` on ${targetValue}` : ''} is already running`);
    }
    const needsApproval = spec.requireApproval && production && !request.dryRun;
    const run = deps.runs.create({
      actionId: request.actionId,
      environment: deps.environment,
      target: targetValue,
      params: request.params,
      dryRun: request.dryRun,
      actor: request.actor,
      requestedAt: deps.clock.now(),
      state: needsApproval ? 'awaiting_approval' : 'running',
    });
    deps.audit.append({ actor: request.actor, event: 'requested', actionId: request.actionId, runId: run.id, detail: { params: request.params, dryRun: request.dryRun, environment: deps.environment, precondition: options.precondition ?? false, ...(options.drillRunId === undefined ? {} : { drillRunId: options.drillRunId }) } });
    changed(run);
    if (needsApproval) {
      pendingApproval.set(run.id, { spec, request });
      return run;
    }
    track(run.id, execute(run.id, spec, request));
    return deps.runs.get(run.id)!;
  };

  return {
    overview(limitRuns = 50) {
      return {
        environment: deps.environment,
        production,
        actions: Object.entries(actions).map(([id, spec]) => view(id, spec)),
        runbooks: Object.keys(runbooks).map(runbookView),
        runs: deps.runs.list({ limit: limitRuns }),
      };
    },
    runs: (query) => deps.runs.list(query),
    output(runId) {
      const run = deps.runs.get(runId);
      if (!run) throw new NotFoundError(`no run ${runId}`);
      const live = active.get(runId);
      const text = live ? live.output() : (deps.runs.output(runId)?.toString('utf8') ?? '');
      return { text, bytes: run.outputBytes, truncated: run.outputTruncated };
    },
    run: (request, options) => startRun(request, options),
    approve(runId, approver) {
      const pending = pendingApproval.get(runId);
      const run = deps.runs.get(runId);
      if (!run || !pending) throw new NotFoundError(`run ${runId} is not waiting for approval`);
      if (approver.trim().toLowerCase() === run.actor.trim().toLowerCase()) {
        deps.audit.append({ actor: approver, event: 'refused', actionId: run.actionId, runId, detail: { reason: 'the requester cannot approve their own run' } });
        throw new ForbiddenError('a second operator must approve: the requester cannot approve their own run');
      }
      changed(deps.runs.approve(runId, approver, deps.clock.now()));
      pendingApproval.delete(runId);
      deps.audit.append({ actor: approver, event: 'approved', actionId: run.actionId, runId, detail: { requestedBy: run.actor } });
      track(runId, execute(runId, pending.spec, pending.request));
      return deps.runs.get(runId)!;
    },
    cancel(runId, actor) {
      const run = deps.runs.get(runId);
      if (!run) throw new NotFoundError(`no run ${runId}`);
      deps.audit.append({ actor, event: 'cancel_requested', actionId: run.actionId, runId, detail: {} });
      const pending = pendingApproval.get(runId);
      if (pending) {
        pendingApproval.delete(runId);
        const cancelled = deps.runs.finish(runId, { state: 'cancelled', endedAt: deps.clock.now(), exitCode: null, signal: null, reason: `cancelled by ${actor} before approval`, output: null, outputBytes: 0, truncated: false, digest: null });
        return ended(changed(cancelled));
      }
      if (recovered.isWatching(runId)) {
        recovered.cancel(runId, actor);
        return run;
      }
      const handle = active.get(runId);
      if (!handle) throw new ConflictError(`run ${runId} is not running (${run.state})`);
      handle.cancel(`cancelled by ${actor}`);
      return run;
    },
    get(runId) {
      const run = deps.runs.get(runId);
      if (!run) throw new NotFoundError(`no run ${runId}`);
      const waiting = run.state === 'running' || run.state === 'awaiting_approval' || run.state === 'verifying' || unsettled.has(runId);
      return { run, ended: !waiting };
    },
    finished: (runId) => endings.get(runId) ?? recovered.finished(runId) ?? Promise.resolve(deps.runs.get(runId)!),
    markStep({ runbookId, step, done, actor }) {
      const runbook = ownValue(runbooks, runbookId);
      if (!runbook) throw new NotFoundError(`no runbook "${runbookId}"`);
      if (step < 0 || step >= runbook.steps.length) throw new InvalidRequestError(`runbook ${runbookId} has no step ${step}`);
      deps.runbooks.record({ runbookId, step, done, by: actor, at: deps.clock.now() });
      deps.audit.append({ actor, event: 'runbook_step', actionId: runbook.steps[step]!.action ?? null, detail: { runbookId, step, done } });
      const updated = runbookView(runbookId);
      deps.bus.emit('runbook.changed', updated);
      return updated;
    },
    async stop() {
      stopping = true;
      for (const handle of active.values()) handle.cancel('Warroom is stopping');
      await Promise.allSettled([...endings.values(), recovered.stop()]);
    },
  };
}
