/** Runs of the configured scanners: one row per run, from start to end, with its stored output. */
import type { ScanRun, ScanRunPhase } from '../../../../shared/domain/security-scanners.js';
import type { WritableDb } from '../db.js';

export const INTERRUPTED_SCAN_REASON = 'interrupted: Warroom stopped while the scan ran';

export interface ScanRunEnd {
  status: 'ok' | 'failed' | 'cancelled';
  endedAt: number;
  exitCode: number | null;
  signal: string | null;
  reason: string | null;
  reports: string[];
  scanIds: number[];
  counts: ScanRun['counts'];
  /** Masked and capped already. */
  output: Buffer | null;
  outputBytes: number;
  truncated: boolean;
  digest: string | null;
}

export interface ScanRunsRepo {
  start(run: { scannerId: string; environment: string; actor: string; startedAt: number }): ScanRun;
  phase(id: number, phase: Exclude<ScanRunPhase, 'ended'>): ScanRun;
  /** Ends a running run once; a run already ended is answered as stored. */
  finish(id: number, end: ScanRunEnd): ScanRun;
  get(id: number): ScanRun | null;
  output(id: number): string | null;
  /** Newest first. */
  list(query: { limit: number; beforeAt?: number | undefined; scannerId?: string | undefined }): ScanRun[];
  lastOf(scannerId: string): ScanRun | null;
  /** Runs a stopped Warroom left 'running' end as failed (their processes died with it). */
  endInterrupted(at: number): number;
}

interface ScanRunRow {
  id: number;
  scanner_id: string;
  environment: string;
  actor: string;
  status: ScanRun['status'];
  phase: ScanRunPhase;
  started_at: number;
  ended_at: number | null;
  exit_code: number | null;
  signal: string | null;
  reason: string | null;
  reports: string;
  scan_ids: string;
  counts: string | null;
  output_bytes: number;
  truncated: 0 | 1;
  digest: string | null;
}

const COLUMNS = `id, scanner_id, environment, actor, status, phase, started_at, ended_at, exit_code, signal, reason,
  reports, scan_ids, counts, output_bytes, truncated, digest`;

function toRun(row: ScanRunRow): ScanRun {
  return {
    id: row.id,
    scannerId: row.scanner_id,
    environment: row.environment,
    actor: row.actor,
    status: row.status,
    phase: row.phase,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    exitCode: row.exit_code,
    signal: row.signal,
    reason: row.reason,
    reports: JSON.parse(row.reports) as string[],
    scanIds: JSON.parse(row.scan_ids) as number[],
    counts: row.counts === null ? null : (JSON.parse(row.counts) as ScanRun['counts']),
    outputBytes: row.output_bytes,
    truncated: row.truncated === 1,
    digest: row.digest,
  };
}

export function createScanRunsRepo(db: WritableDb): ScanRunsRepo {
  const insert = db.prepare<{ scanner_id: string; environment: string; actor: string; started_at: number }>(
    `INSERT INTO security_scan_runs (scanner_id, environment, actor, status, phase, started_at)
     VALUES (@scanner_id, @environment, @actor, 'running', 'scanning', @started_at)`,
  );
  const byId = db.prepare<[number], ScanRunRow>(`SELECT ${COLUMNS} FROM security_scan_runs WHERE id = ?`);
  const setPhase = db.prepare<[string, number]>("UPDATE security_scan_runs SET phase = ? WHERE id = ? AND status = 'running'");
  const end = db.prepare(
    `UPDATE security_scan_runs SET status = @status, phase = 'ended', ended_at = @ended_at, exit_code = @exit_code, signal = @signal,
       reason = @reason, reports = @reports, scan_ids = @scan_ids, counts = @counts, output = @output, output_bytes = @output_bytes,
       truncated = @truncated, digest = @digest
     WHERE id = @id AND status = 'running'`,
  );
  const outputOf = db.prepare<[number], { output: Buffer | null }>('SELECT output FROM security_scan_runs WHERE id = ?');
  const newest = db.prepare<{ before: number; scanner: string | null; limit: number }, ScanRunRow>(
    `SELECT ${COLUMNS} FROM security_scan_runs
     WHERE started_at < @before AND (@scanner IS NULL OR scanner_id = @scanner)
     ORDER BY started_at DESC, id DESC LIMIT @limit`,
  );
  const last = db.prepare<[string], ScanRunRow>(`SELECT ${COLUMNS} FROM security_scan_runs WHERE scanner_id = ? ORDER BY id DESC LIMIT 1`);
  const interrupted = db.prepare<[number, string]>(
    "UPDATE security_scan_runs SET status = 'failed', phase = 'ended', ended_at = ?, reason = ? WHERE status = 'running'",
  );

  const get = (id: number): ScanRun | null => {
    const row = byId.get(id);
    return row === undefined ? null : toRun(row);
  };
  const must = (id: number): ScanRun => {
    const run = get(id);
    if (run === null) throw new Error(`no scan run ${id}`);
    return run;
  };

  return {
    start(run) {
      const id = Number(insert.run({ scanner_id: run.scannerId, environment: run.environment, actor: run.actor, started_at: run.startedAt }).lastInsertRowid);
      return must(id);
    },
    phase(id, phase) {
      setPhase.run(phase, id);
      return must(id);
    },
    finish(id, outcome) {
      end.run({
        id,
        status: outcome.status,
        ended_at: outcome.endedAt,
        exit_code: outcome.exitCode,
        signal: outcome.signal,
        reason: outcome.reason,
        reports: JSON.stringify(outcome.reports),
        scan_ids: JSON.stringify(outcome.scanIds),
        counts: outcome.counts === null ? null : JSON.stringify(outcome.counts),
        output: outcome.output,
        output_bytes: outcome.outputBytes,
        truncated: outcome.truncated ? 1 : 0,
        digest: outcome.digest,
      });
      return must(id);
    },
    get,
    output(id) {
      const row = outputOf.get(id);
      return row?.output ? row.output.toString('utf8') : null;
    },
    list({ limit, beforeAt, scannerId }) {
      return newest.all({ before: beforeAt ?? Number.MAX_SAFE_INTEGER, scanner: scannerId ?? null, limit }).map(toRun);
    },
    lastOf(scannerId) {
      const row = last.get(scannerId);
      return row === undefined ? null : toRun(row);
    },
    endInterrupted(at) {
      return interrupted.run(at, INTERRUPTED_SCAN_REASON).changes;
    },
  };
}
