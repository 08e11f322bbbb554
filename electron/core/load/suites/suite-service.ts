/**
 * Load suites: the profiles of a configured suite run one after the other through the load
 * service, each stored as a member of a suite run; stop on failure or go on; cancel; a suite
 * left running by a Warroom that stopped is marked interrupted on the test it was on and can be
 * resumed from that test. Also a profile's baseline (what later runs are compared with) and
 * exceptions (a failed threshold accepted with a reason, an owner and an expiry).
 */
import type { LoadConfig } from '../../../../shared/domain/load.js';
import { thresholdLabel } from '../../../../shared/domain/load-suites.js';
import type { LoadBaseline, LoadBaselineComparison, LoadException, LoadSuiteRun, LoadSuitesOverview, LoadSuiteView } from '../../../../shared/domain/load-suites.js';
import type { LoadRunRecord } from '../../../../shared/domain/load-runs.js';
import { judgeRun } from '../../../../shared/domain/load-suites.js';
import { ownValue } from '../../../../shared/util/own-value.js';
import type { AuditLog } from '../../audit/audit-log.js';
import type { EventBus } from '../../bus.js';
import type { Clock } from '../../clock.js';
import { ConflictError, InvalidRequestError, NotFoundError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { CoreProblems } from '../../problems/problems.js';
import type { LoadRunsRepo } from '../../store/repos/load-runs-repo.js';
import type { LoadSuitesRepo, SuiteRunRow } from '../../store/repos/load-suites-repo.js';
import { baselineTolerance, compareRuns } from '../compare.js';
import type { LoadService } from '../load-service.js';
import { shapeOf } from '../load-service.js';
import { suiteRecord } from './suite-record.js';
import { renderSuiteReport } from './suite-report.js';
import type { LoadReport } from '../report/load-report.js';
import type { ReportContext } from '../report/baseline-section.js';

export interface LoadSuiteService {
  overview(): LoadSuitesOverview;
  start(request: { suite: string; actor: string }): LoadSuiteRun;
  cancel(suiteRunId: number, actor: string): LoadSuiteRun;
  resume(suiteRunId: number, actor: string): LoadSuiteRun;
  get(suiteRunId: number): LoadSuiteRun;
  /** Resolves with the record once the suite run stopped running (for the CLI and tests). */
  finished(suiteRunId: number): Promise<LoadSuiteRun>;
  /** The suite report: one HTML file with each test's report in it, linked from the suite's table. */
  report(suiteRunId: number): LoadReport;
  markBaseline(runId: number, actor: string): LoadBaseline;
  addException(request: { runId: number; expression: string; endpoint?: string | undefined; reason: string; owner: string; expiresAt: number; actor: string }): LoadException;
  /** Ends a standing exception before its expiry (audited); the threshold counts as failed again. */
  withdrawException(exceptionId: number, actor: string): LoadException;
  baselineComparison(runId: number): LoadBaselineComparison;
  /** What a run's HTML report adds: its baseline comparison, exceptions and verdict with them (undefined: no such run). */
  reportContext(runId: number): ReportContext | undefined;
  /** Resolves once the running suite (if any) has noticed its test ended (call after the load service stopped). */
  settled(): Promise<void>;
  close(): void;
}

export interface LoadSuiteServiceDeps {
  config: LoadConfig | undefined;
  environment: string;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  problems: CoreProblems;
  load: LoadService;
  runs: LoadRunsRepo;
  repo: LoadSuitesRepo;
  audit: AuditLog;
  /** Mark interrupted the suite runs a stopped Warroom left running (only the data dir's owner). */
  recoverInterrupted: boolean;
}

export function createLoadSuiteService(deps: LoadSuiteServiceDeps): LoadSuiteService {
  const load = deps.config;
  /** The suite run going on in this process: its loop, and whether someone cancelled it. */
  let active: { id: number; state: { cancelled: boolean }; done: Promise<LoadSuiteRun> } | undefined;
  const endings = new Map<number, Promise<LoadSuiteRun>>();

  for (const row of deps.recoverInterrupted ? deps.repo.markInterrupted(deps.clock.now()) : []) {
    deps.logger.warn(`load suite run ${row.id} (${row.suite}) was running when Warroom stopped: marked interrupted on ${row.stoppedOn ?? 'its first test'}, resumable`);
  }

  const sources = {
    members: (id: number) => deps.repo.members(id),
    run: (id: number) => deps.runs.get(id),
    exceptionsOf: (ids: readonly number[]) => deps.repo.exceptionsOf(ids),
  };
  const record = (row: SuiteRunRow): LoadSuiteRun => suiteRecord(row, sources, deps.clock.now());
  const mustGet = (id: number): SuiteRunRow => {
    const row = deps.repo.get(id);
    if (!row) throw new NotFoundError(`no load suite run ${id}`);
    return row;
  };

  const suites = (): LoadSuiteView[] =>
    Object.entries(load?.suites ?? {}).map(([id, suite]) => ({
      id,
      title: suite.title ?? id,
      description: suite.description ?? null,
      profiles: suite.profiles,
      onFailure: suite.onFailure,
      plannedMs: suite.profiles.reduce((sum, p) => sum + shapeOf(load!.profiles[p]!).durationMs, 0),
    }));

  const overview = (): LoadSuitesOverview => {
    const now = deps.clock.now();
    const runs = deps.repo.list(10).map(record);
    const recentRuns = deps.runs.list({ limit: 20 });
    const baselines = deps.repo.baselines(deps.environment, now);
    const runIds = [...new Set([...recentRuns.map((r) => r.id), ...runs.flatMap((s) => s.members.flatMap((m) => (m.run ? [m.run.id] : [])))])];
    const exceptions = deps.repo.exceptionsOf(runIds);
    const verdicts = Object.fromEntries(recentRuns.map((run) => [String(run.id), judgeRun(run, exceptions.filter((e) => e.runId === run.id), now)]));
    return { suites: suites(), active: runs.find((r) => r.id === active?.id) ?? (active ? record(mustGet(active.id)) : null), runs, baselines, exceptions, verdicts };
  };

  const announce = () => deps.problems.attempt('load.suites', 'announcing load suites', () => deps.bus.emit('load.suitesChanged', overview()));
  // A member's end changes its suite's verdict; a run's end changes the verdict list.
  // Announced after the bus has delivered load.changed to every listener: an event emitted from
  // inside another's delivery would reach later subscribers first, with a higher seq, and a client
  // that applies only events newer than the last would then drop the run's end.
  const unsubscribe = deps.bus.on('load.changed', (run) => {
    if (run.state !== 'running') queueMicrotask(announce);
  });

  /** Runs the plan from `from` on; ends the suite run when done, stopped, cancelled or interrupted. */
  async function runFrom(row: SuiteRunRow, from: number, state: { cancelled: boolean }): Promise<LoadSuiteRun> {
    const end = (how: 'completed' | 'stopped' | 'cancelled' | 'interrupted', on: string | null, error: string | null = null) => {
      const ended = deps.repo.end(row.id, how, deps.clock.now(), on, error);
      deps.logger.info(`load suite run ${row.id} (${row.suite}) ${how}${on ? ` on ${on}` : ''}`);
      return ended;
    };
    for (let position = from; position < row.plan.length; position += 1) {
      const { profile } = row.plan[position]!;
      if (state.cancelled) return record(end('cancelled', profile));
      let started: LoadRunRecord;
      try {
        started = await deps.load.start({ profile, actor: row.actor });
      } catch (error) {
        return record(end('stopped', profile, `${profile} could not start: ${(error as Error).message}`));
      }
      deps.repo.addMember(row.id, position, started.id);
      announce();
      const ended = await deps.load.finished(started.id);
      if (state.cancelled) return record(end('cancelled', profile));
      if (ended.state === 'interrupted') return record(end('interrupted', profile));
      if (ended.state !== 'passed' && row.onFailure === 'stop') return record(end('stopped', profile));
    }
    return record(end('completed', null));
  }

  function launch(row: SuiteRunRow, from: number): LoadSuiteRun {
    const state = { cancelled: false };
    const done = runFrom(row, from, state)
      // Storing the end failed (or the run was ended elsewhere): a core problem, and what is stored.
      .catch((error: unknown) => {
        deps.problems.report('load.suites', `running load suite run ${row.id}`, error);
        return record(deps.repo.get(row.id) ?? row);
      })
      .then((ended) => {
        if (active?.id === row.id) active = undefined;
        announce();
        return ended;
      });
    active = { id: row.id, state, done };
    endings.set(row.id, done);
    announce();
    return record(deps.repo.get(row.id)!);
  }

  const refuseWhenBusy = () => {
    if (active) throw new ConflictError(`load suite run ${active.id} is still running: cancel it first`);
    const running = deps.load.overview().active;
    if (running) throw new ConflictError(`load test ${running.run.profile} (run ${running.run.id}) is still running: stop it first`);
  };

  const service: LoadSuiteService = {
    overview,
    start({ suite: suiteId, actor }) {
      const suite = load ? ownValue(load.suites, suiteId) : undefined;
      if (!load || !suite) throw new NotFoundError(`no load suite "${suiteId}" in the config (known: ${Object.keys(load?.suites ?? {}).join(', ') || 'none'})`);
      refuseWhenBusy();
      const row = deps.repo.create({
        suite: suiteId,
        title: suite.title ?? suiteId,
        environment: deps.environment,
        actor,
        onFailure: suite.onFailure,
        plan: suite.profiles.map((profile) => ({ profile, plannedMs: shapeOf(load.profiles[profile]!).durationMs })),
        startedAt: deps.clock.now(),
      });
      return launch(row, 0);
    },
    cancel(suiteRunId, actor) {
      const row = mustGet(suiteRunId);
      if (!active || active.id !== suiteRunId) throw new ConflictError(`suite run ${suiteRunId} is not running (${row.state})`);
      active.state.cancelled = true;
      deps.logger.info(`load suite run ${suiteRunId} cancelled by ${actor}`);
      const running = deps.load.overview().active;
      if (running) deps.load.stop(running.run.id, actor);
      return record(row);
    },
    resume(suiteRunId, actor) {
      const row = mustGet(suiteRunId);
      if (row.state !== 'interrupted') throw new ConflictError(`suite run ${suiteRunId} is ${row.state}: only an interrupted suite can be resumed`);
      if (row.environment !== deps.environment) throw new InvalidRequestError(`suite run ${suiteRunId} ran in ${row.environment}, this Warroom watches ${deps.environment}`);
      refuseWhenBusy();
      // From the test it was on: the newest member again unless it ended on its own.
      const last = deps.repo.members(suiteRunId).at(-1);
      const lastRun = last ? deps.runs.get(last.runId) : null;
      const from = !last ? 0 : lastRun && (lastRun.state === 'passed' || lastRun.state === 'failed') ? last.position + 1 : last.position;
      deps.logger.info(`load suite run ${suiteRunId} resumed by ${actor} from ${row.plan[from]?.profile ?? 'its end'}`);
      return launch(deps.repo.reopen(suiteRunId), from);
    },
    get: (suiteRunId) => record(mustGet(suiteRunId)),
    finished: (suiteRunId) => endings.get(suiteRunId) ?? Promise.resolve(record(mustGet(suiteRunId))),
    report(suiteRunId) {
      const suite = record(mustGet(suiteRunId));
      const pages = new Map(suite.members.flatMap((m) => (m.run ? [[m.run.id, deps.load.reportPage(m.run.id, service.reportContext(m.run.id))] as const] : [])));
      return renderSuiteReport(suite, pages);
    },
    markBaseline(runId, actor) {
      const run = deps.runs.get(runId);
      if (!run) throw new NotFoundError(`no load run ${runId}`);
      if (!load || !Object.hasOwn(load.profiles, run.profile)) throw new InvalidRequestError(`run ${runId} is of "${run.profile}", not a profile of the config: only a configured profile has a baseline`);
      if (run.state !== 'passed') throw new ConflictError(`run ${runId} ${run.state}: only a passed run can be a baseline`);
      const baseline = deps.repo.markBaseline({ profile: run.profile, environment: run.environment, runId, actor, markedAt: deps.clock.now() });
      deps.audit.append({ actor, event: 'load_baseline', runId, detail: { profile: run.profile, environment: run.environment } });
      announce();
      return baseline;
    },
    addException({ runId, expression, endpoint, reason, owner, expiresAt, actor }) {
      const run = deps.runs.get(runId);
      if (!run) throw new NotFoundError(`no load run ${runId}`);
      if (run.state !== 'failed' || !run.summary) throw new ConflictError(`run ${runId} ${run.state}: only a threshold of a run that ran its course and failed can be accepted`);
      const threshold = run.summary.thresholds.find((t) => t.expression === expression && (t.endpoint ?? null) === (endpoint ?? null));
      const label = thresholdLabel({ expression, endpoint });
      if (!threshold) {
        throw new InvalidRequestError(`run ${runId} has no threshold "${label}" (it has: ${run.summary.thresholds.map(thresholdLabel).join(', ')})`);
      }
      if (threshold.passed) throw new InvalidRequestError(`threshold "${label}" of run ${runId} passed: there is nothing to accept`);
      const now = deps.clock.now();
      if (expiresAt <= now) throw new InvalidRequestError('expiresAt must be in the future');
      const exception = deps.repo.addException({ runId, expression, endpoint: endpoint ?? null, reason, owner, expiresAt, actor, createdAt: now });
      deps.audit.append({ actor, event: 'load_exception', runId, detail: { exceptionId: exception.id, profile: run.profile, threshold: label, owner, reason, expiresAt } });
      announce();
      return exception;
    },
    withdrawException(exceptionId, actor) {
      const exception = deps.repo.getException(exceptionId);
      if (!exception) throw new NotFoundError(`no load exception ${exceptionId}`);
      const now = deps.clock.now();
      if (exception.withdrawnAt !== null) throw new ConflictError(`exception ${exceptionId} was already withdrawn by ${exception.withdrawnBy ?? 'someone'}`);
      if (exception.expiresAt <= now) throw new ConflictError(`exception ${exceptionId} has already expired`);
      const withdrawn = deps.repo.withdrawException(exceptionId, actor, now);
      const run = deps.runs.get(exception.runId);
      deps.audit.append({
        actor,
        event: 'load_exception_withdrawn',
        runId: exception.runId,
        detail: { exceptionId, profile: run?.profile ?? null, threshold: thresholdLabel(exception), owner: exception.owner },
      });
      announce();
      return withdrawn;
    },
    baselineComparison(runId) {
      const run = deps.runs.get(runId);
      if (!run) throw new NotFoundError(`no load run ${runId}`);
      const baseline = deps.repo.baselineOf(run.profile, run.environment, deps.clock.now());
      const base = baseline && baseline.runId !== runId ? deps.runs.get(baseline.runId) : null;
      if (!baseline || !base) return { baseline, comparison: null, regressions: [] };
      const tolerance = baselineTolerance(load?.baselineTolerance ?? { latencyPct: 10, errorRatePoints: 1, rpsDropPct: 10 });
      const comparison = compareRuns(base, run, deps.runs.endpointStats(base.id), deps.runs.endpointStats(runId), tolerance);
      const regressions = [comparison.total, ...comparison.endpoints].filter((row) => row.regression).map((row) => `${row.endpoint}: ${row.reasons.join(', ')}`);
      return { baseline, comparison, regressions };
    },
    reportContext(runId) {
      const run = deps.runs.get(runId);
      if (!run) return undefined;
      const now = deps.clock.now();
      const exceptions = deps.repo.exceptionsOf([runId]);
      return { baseline: service.baselineComparison(runId), exceptions, verdict: judgeRun(run, exceptions, now), at: now };
    },
    async settled() {
      await active?.done;
    },
    close() {
      unsubscribe();
    },
  };
  return service;
}
