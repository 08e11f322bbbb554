/**
 * Runs the configured scanners (`security.scanners`) and imports what they report. The process
 * is the action runner's (own process group, timeout and cancel kill the whole tree, output
 * streamed and capped); the result is the report's, never the exit code's: a missing, empty or
 * unreadable report is a failed scan, and an npm audit the registry refused says so.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import type { ImportResult } from '../../../../shared/domain/security-register.js';
import type { ParsedReport } from '../../../../shared/domain/security.js';
import type { ScannerSpec, ScannerView, ScanRun } from '../../../../shared/domain/security-scanners.js';
import { baseEnvironment } from '../../actions/build-command.js';
import { runProcess } from '../../actions/process/run-process.js';
import type { ProcessEnd, RunningProcess } from '../../actions/process/run-process.js';
import type { EventBus } from '../../bus.js';
import type { Clock } from '../../clock.js';
import { ConflictError, ForbiddenError, InvalidRequestError, NotFoundError } from '../../errors.js';
import type { CoreProblems } from '../../problems/problems.js';
import type { ScanRunEnd, ScanRunsRepo } from '../../store/repos/scan-runs-repo.js';
import type { SecurityRepo } from '../../store/repos/security-repo.js';
import { ReportParseError } from '../parsers/index.js';
import type { ParseReportFile, SecurityService } from '../security-service.js';
import { npmAuditRefusal, npmErrorLines } from './npm-audit-refusal.js';
import { snapshotReports, type ReportSnapshot } from './report-snapshot.js';

/** Output stored with a run (the live view keeps its own tail). */
const MAX_STORED_OUTPUT_BYTES = 1024 * 1024;

export interface ScannerServiceDeps {
  scanners: Record<string, ScannerSpec>;
  configDir: string;
  environment: string;
  /** Warroom's environment: PATH, HOME… are passed on, nothing else. */
  env: NodeJS.ProcessEnv;
  bus: EventBus;
  clock: Clock;
  problems: CoreProblems;
  runs: ScanRunsRepo;
  register: Pick<SecurityService, 'importParsed'>;
  /** Where a failed scan is recorded, so the register's scan list shows it. */
  scans: Pick<SecurityRepo, 'recordFailedScan'>;
  parse: ParseReportFile;
  /** Owner cores end runs a stopped Warroom left running. */
  recoverInterrupted: boolean;
  killGraceMs?: number;
}

export interface ScannerService {
  list(): { environment: string; scanners: ScannerView[] };
  /** Starts the named scanners (all that run in this environment when none is named). */
  start(input: { scanners: string[]; actor: string }): ScanRun[];
  cancel(input: { runId: number; actor: string }): ScanRun;
  get(runId: number): { run: ScanRun; output: string | null };
  history(query: { limit: number; beforeAt?: number | undefined; scannerId?: string | undefined }): ScanRun[];
  /** Resolves once the run has ended (for tests and the CLI in-process). */
  ended(runId: number): Promise<ScanRun>;
  /** Cancels every running scan and waits for them. */
  stop(): Promise<void>;
}

interface Active {
  run: ScanRun;
  process: RunningProcess | null;
  cancelled: string | null;
  done: Promise<ScanRun>;
}

export function createScannerService(deps: ScannerServiceDeps): ScannerService {
  const active = new Map<string, Active>();
  const endings = new Map<number, Promise<ScanRun>>();
  if (deps.recoverInterrupted) deps.runs.endInterrupted(deps.clock.now());

  const runsHere = (spec: ScannerSpec) => !spec.environments || spec.environments.includes(deps.environment);
  const emitChanged = (run: ScanRun): ScanRun => {
    deps.problems.attempt('security.scans', 'announcing a scan run', () => deps.bus.emit('security.scanChanged', run));
    return run;
  };

  function view(id: string, spec: ScannerSpec): ScannerView {
    return {
      id,
      label: spec.label ?? id,
      argv: spec.argv,
      output: spec.output,
      format: spec.format ?? null,
      timeoutMs: spec.timeout,
      available: runsHere(spec),
      environments: spec.environments ?? null,
      running: active.get(id)?.run ?? null,
      lastRun: deps.runs.lastOf(id),
    };
  }

  function startOne(id: string, spec: ScannerSpec, actor: string): ScanRun {
    const run = deps.runs.start({ scannerId: id, environment: deps.environment, actor, startedAt: deps.clock.now() });
    const entry: Active = { run, process: null, cancelled: null, done: Promise.resolve(run) };
    active.set(id, entry);
    entry.done = execute(id, spec, entry).catch((error: unknown) => {
      deps.problems.report('security.scans', `scan run ${run.id} (${id})`, error);
      return endRun(entry, { ...emptyEnd('failed'), reason: `internal error: ${error instanceof Error ? error.message : String(error)}` });
    }).finally(() => active.delete(id));
    endings.set(run.id, entry.done);
    void entry.done.finally(() => endings.delete(run.id));
    return emitChanged(run);
  }

  function endRun(entry: Active, end: Omit<ScanRunEnd, 'endedAt'>): ScanRun {
    const run = deps.runs.finish(entry.run.id, { ...end, endedAt: deps.clock.now() });
    entry.run = run;
    deps.problems.attempt('security.scans', 'announcing the end of a scan run', () => deps.bus.emit('security.scanEnded', run));
    return emitChanged(run);
  }

  function phase(entry: Active, next: 'reading' | 'importing'): void {
    entry.run = emitChanged(deps.runs.phase(entry.run.id, next));
  }

  async function execute(id: string, spec: ScannerSpec, entry: Active): Promise<ScanRun> {
    const cwd = resolve(deps.configDir, spec.cwd ?? '.');
    const scanRoot = resolve(cwd, spec.scanRoot ?? '.');
    const temp = mkdtempSync(join(tmpdir(), 'warroom-scan-'));
    try {
      const stdoutFile = spec.output === 'stdout' ? join(temp, `${id}.stdout`) : undefined;
      const target = spec.output === 'stdout' ? null : 'file' in spec.output ? { kind: 'file' as const, shown: spec.output.file, path: resolve(cwd, spec.output.file) } : { kind: 'folder' as const, shown: spec.output.folder, path: resolve(cwd, spec.output.folder) };
      const snapshot = target === null ? null : snapshotReports(target);
      const processEnd = await runScanner(id, spec, entry, cwd, stdoutFile, target?.path);
      const base = processFields(processEnd);
      if (processEnd.outcome === 'cancelled' || entry.cancelled !== null) {
        return endRun(entry, { ...base, status: 'cancelled', reason: entry.cancelled ?? processEnd.reason });
      }
      const failed = (reason: string, reports: string[] = []): ScanRun => {
        const scan = deps.scans.recordFailedScan({
          scope: spec.scope ?? `scanner ${id} @ ${scanRoot}`,
          tools: [{ tool: id, version: null }],
          format: spec.format ?? null,
          sourceFile: reports.length > 0 ? reports.join(', ') : null,
          scanRoot,
          actor: entry.run.actor,
          startedAt: entry.run.startedAt,
          finishedAt: deps.clock.now(),
          error: `${id}: ${reason}`,
        });
        return endRun(entry, { ...base, status: 'failed', reason, reports, scanIds: [scan.id] });
      };
      if (processEnd.outcome === 'failed_to_start') return failed(`could not start: ${processEnd.reason}${/program not found/.test(processEnd.reason) ? ' (is the scanner installed?)' : ''}`);
      if (processEnd.outcome === 'timed_out') return failed(processEnd.reason);

      phase(entry, 'reading');
      const files = reportFilesOf(stdoutFile, snapshot, processEnd);
      if ('problem' in files) return failed(dependencyAuditWhy(spec, processEnd) ?? `${files.problem} (the scanner ended with ${processEnd.reason})`);
      const shown = files.files.map((file) => (file === stdoutFile ? 'stdout' : relative(cwd, file) || basename(file)));
      const reports: { report: ParsedReport; sourceFile: string | null }[] = [];
      for (const [index, file] of files.files.entries()) {
        try {
          const report = await deps.parse(file, spec.format === undefined ? { scanRoot } : { scanRoot, format: spec.format });
          reports.push({ report, sourceFile: file === stdoutFile ? null : basename(file) });
        } catch (error) {
          const refusal = npmAuditRefusal(file);
          if (refusal !== null) return failed(`dependency audit unavailable: ${refusal}`, shown);
          const problem = error instanceof ReportParseError ? error.message.replace(file, shown[index]!) : String(error);
          return failed(`${file === stdoutFile ? `stdout: ${problem.replace(/^stdout: /, '')}` : problem} (the scanner ended with ${processEnd.reason})`, shown);
        }
        if (entry.cancelled !== null) return endRun(entry, { ...base, status: 'cancelled', reason: entry.cancelled, reports: shown });
      }
      phase(entry, 'importing');
      let result: ImportResult;
      try {
        result = deps.register.importParsed(reports, { scanRoot, scope: spec.scope, actor: entry.run.actor });
      } catch (error) {
        return failed(`import refused: ${error instanceof Error ? error.message : String(error)}`, shown);
      }
      return endRun(entry, {
        ...base,
        status: 'ok',
        reports: shown,
        scanIds: result.scans.map((s) => s.id),
        counts: { new: result.new, fixed: result.fixed, unchanged: result.unchanged, reopened: result.reopened },
      });
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  }

  async function runScanner(id: string, spec: ScannerSpec, entry: Active, cwd: string, stdoutFile: string | undefined, reportPath: string | undefined): Promise<ProcessEnd> {
    const env: Record<string, string> = {
      ...baseEnvironment(deps.env),
      NO_COLOR: '1', // a report on stdout must be the report, not escape codes
      WARROOM_ENVIRONMENT: deps.environment,
      WARROOM_SCANNER: id,
      WARROOM_SCAN_RUN_ID: String(entry.run.id),
      ...(reportPath === undefined ? {} : { WARROOM_REPORT_PATH: reportPath }),
    };
    delete env.FORCE_COLOR;
    const argv = [...spec.argv];
    if (argv[0] === 'node') {
      argv[0] = process.execPath;
      if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
    } else if (argv[0]!.includes('/') && !isAbsolute(argv[0]!)) {
      argv[0] = resolve(deps.configDir, argv[0]!);
    }
    const running = runProcess({
      argv,
      cwd,
      env,
      timeoutMs: spec.timeout,
      ...(deps.killGraceMs === undefined ? {} : { killGraceMs: deps.killGraceMs }),
      maxStoredBytes: MAX_STORED_OUTPUT_BYTES,
      secrets: [],
      marker: randomUUID(),
      ...(stdoutFile === undefined ? {} : { stdoutFile }),
      onOutput: (chunk) =>
        deps.problems.attempt('security.scans', 'sending live scanner output', () =>
          deps.bus.emit('security.scanOutput', { runId: entry.run.id, stream: chunk.stream, text: chunk.text, at: chunk.at }),
        ),
    });
    entry.process = running;
    if (entry.cancelled !== null) running.cancel(entry.cancelled.replace(/^cancelled: ?/, ''));
    return running.done;
  }

  return {
    list() {
      return { environment: deps.environment, scanners: Object.entries(deps.scanners).map(([id, spec]) => view(id, spec)) };
    },
    start({ scanners, actor }) {
      const wanted = scanners.length > 0 ? [...new Set(scanners)] : Object.keys(deps.scanners).filter((id) => runsHere(deps.scanners[id]!));
      if (wanted.length === 0) {
        throw new InvalidRequestError(Object.keys(deps.scanners).length === 0 ? 'no scanners are configured (security.scanners in the config)' : `no scanner runs in ${deps.environment}`);
      }
      const specs = wanted.map((id) => {
        const spec = Object.hasOwn(deps.scanners, id) ? deps.scanners[id] : undefined;
        if (spec === undefined) throw new NotFoundError(`no scanner "${id}" in the config (known: ${Object.keys(deps.scanners).join(', ') || 'none'})`);
        if (!runsHere(spec)) throw new ForbiddenError(`scanner ${id} does not run in ${deps.environment} (it runs in ${spec.environments!.join(', ')})`);
        const running = active.get(id);
        if (running) throw new ConflictError(`scanner ${id} is already running (scan run ${running.run.id})`);
        return [id, spec] as const;
      });
      return specs.map(([id, spec]) => startOne(id, spec, actor));
    },
    cancel({ runId, actor }) {
      const entry = [...active.values()].find((a) => a.run.id === runId);
      if (!entry) {
        const stored = deps.runs.get(runId);
        if (stored === null) throw new NotFoundError(`no scan run ${runId}`);
        throw new ConflictError(`scan run ${runId} has ended (${stored.status})`);
      }
      entry.cancelled ??= `cancelled by ${actor}`;
      entry.process?.cancel(`by ${actor}`);
      return entry.run;
    },
    get(runId) {
      const run = deps.runs.get(runId);
      if (run === null) throw new NotFoundError(`no scan run ${runId}`);
      return { run, output: run.status === 'running' ? liveOutput(runId) : deps.runs.output(runId) };
    },
    history: (query) => deps.runs.list(query),
    ended(runId) {
      const pending = endings.get(runId);
      if (pending) return pending;
      const run = deps.runs.get(runId);
      if (run === null) return Promise.reject(new NotFoundError(`no scan run ${runId}`));
      return Promise.resolve(run);
    },
    async stop() {
      const entries = [...active.values()];
      for (const entry of entries) {
        entry.cancelled ??= 'cancelled: Warroom is closing';
        entry.process?.cancel('Warroom is closing');
      }
      await Promise.all(entries.map((e) => e.done));
    },
  };

  function liveOutput(runId: number): string | null {
    const entry = [...active.values()].find((a) => a.run.id === runId);
    return entry?.process?.output() ?? null;
  }
}

function processFields(end: ProcessEnd): Omit<ScanRunEnd, 'status' | 'endedAt'> {
  return {
    exitCode: end.exitCode,
    signal: end.signal,
    reason: end.reason,
    reports: [],
    scanIds: [],
    counts: null,
    output: end.storedOutput,
    outputBytes: end.outputBytes,
    truncated: end.truncated,
    digest: end.digest,
  };
}

function emptyEnd(status: ScanRunEnd['status']): Omit<ScanRunEnd, 'endedAt'> {
  return { status, exitCode: null, signal: null, reason: null, reports: [], scanIds: [], counts: null, output: null, outputBytes: 0, truncated: false, digest: null };
}

/** The report files of a run that exited, or why there are none. */
function reportFilesOf(stdoutFile: string | undefined, snapshot: ReportSnapshot | null, end: ProcessEnd): { files: string[] } | { problem: string } {
  if (stdoutFile !== undefined) {
    let size: number;
    try {
      size = statSync(stdoutFile).size;
    } catch {
      size = 0; // not even created: nothing was written
    }
    return size > 0 ? { files: [stdoutFile] } : { problem: `report not written: the scanner printed nothing on stdout${end.outputBytes > 0 ? ' (see its output)' : ''}` };
  }
  return snapshot!.written();
}

/** For an npm audit that printed no report: npm's own error lines. */
function dependencyAuditWhy(spec: ScannerSpec, end: ProcessEnd): string | null {
  if (spec.format !== 'npm-audit') return null;
  const why = npmErrorLines(end.storedOutput.toString('utf8'));
  return why === null ? null : `dependency audit unavailable: ${why}`;
}
