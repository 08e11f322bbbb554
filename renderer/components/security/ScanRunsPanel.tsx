/**
 * The configured scanners as buttons ("Run scan" each, and all of them), the runs going on with
 * their phase, time and live output, cancel, and the recent runs with their verdict: what an ok
 * scan found new / fixed / unchanged, why a failed one failed (no or empty report, unparseable,
 * "dependency audit unavailable: …"). In production a scan starts only after the environment's
 * name is typed, as actions ask. Operators start and cancel; viewers watch.
 */
import { useEffect, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { ScannerView, ScanRun } from '../../../shared/domain/security-scanners.js';
import { formatDuration } from '../../../shared/format/durations.js';
import { useClient } from '../../api/client-context.js';
import { readOperatorName } from '../../lib/operator-name.js';
import { formatDateTime } from '../../lib/time.js';
import { useServerNow } from '../../lib/use-now.js';
import { logFromText } from '../../stores/slices/run-logs.js';
import type { RunLog } from '../../stores/slices/run-logs.js';
import { applyScanRuns } from '../../stores/security-actions.js';
import { useAppStore } from '../../stores/store.js';
import { LogPane } from '../actions/LogPane.js';
import { describeCallError } from '../common/call-problem.js';
import type { CallProblem } from '../common/call-problem.js';
import { CallError } from '../common/CallError.js';
import { Icon } from '../common/Icon.js';
import { ReportImport } from './ReportImport.js';

const RECENT = 20;

const PHASE_WORDS: Record<ScanRun['phase'], string> = { scanning: 'scanning', reading: 'reading the report', importing: 'importing', ended: 'ended' };
const STATUS_ICON = { running: 'hourglass', ok: 'check', failed: 'cross', cancelled: 'stop' } as const;

/** What a run came to, in words: its counts, why it failed, or where it is. */
export function scanVerdict(run: ScanRun): string {
  if (run.status === 'running') return `${PHASE_WORDS[run.phase]}…`;
  if (run.status === 'ok' && run.counts) {
    const { new: added, fixed, unchanged, reopened } = run.counts;
    return `${added} new${reopened > 0 ? ` (${reopened} reopened)` : ''}, ${fixed} fixed, ${unchanged} unchanged`;
  }
  return run.reason ?? run.status;
}

/** Scanners and recent runs, loaded when the panel is shown; runs then follow the events. */
function useScanners(): { scanners: ScannerView[] | null; environment: string; problem: CallProblem | null } {
  const client = useClient();
  const [answer, setAnswer] = useState<{ environment: string; scanners: ScannerView[] } | null>(null);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all([client.call('security.scanners', {}), client.call('security.listScanRuns', { limit: RECENT })]).then(
      ([scanners, runs]) => {
        if (!live) return;
        setAnswer(scanners);
        applyScanRuns([...runs, ...scanners.scanners.flatMap((s) => (s.running ? [s.running] : []))]);
      },
      (error: unknown) => live && setProblem({ control: 'scanners', ...describeCallError('Loading the scanners', error) }),
    );
    return () => {
      live = false;
    };
  }, [client]);
  return { scanners: answer?.scanners ?? null, environment: answer?.environment ?? '', problem };
}

function ConfirmProduction({ environment, what, onConfirm, onClose }: { environment: string; what: string; onConfirm: () => void; onClose: () => void }) {
  const [typed, setTyped] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typed === environment) onConfirm();
  };
  return (
    <form className="scan-confirm" onSubmit={submit} data-testid="scan-confirm" aria-label="Confirm the scan">
      <p>
        <Icon name="warning" /> {what} in <strong>{environment}</strong>, a production environment. Type <code>{environment}</code> to confirm.
      </p>
      <input className="input" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" autoFocus data-testid="scan-confirm-input" aria-label={`Type ${environment} to confirm`} />
      <button type="submit" className="button button--primary" disabled={typed !== environment} data-testid="scan-confirm-submit">
        Start
      </button>
      <button type="button" className="button" onClick={onClose}>
        Cancel
      </button>
    </form>
  );
}

/** The output of the run shown: live from the events while it runs, else loaded once from the core. */
function useRunOutput(run: ScanRun): { log: RunLog | undefined; problem: CallProblem | null } {
  const client = useClient();
  const live = useAppStore((s) => s.scanLogs[run.id]);
  const [stored, setStored] = useState<{ id: number; log: RunLog } | null>(null);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const ended = run.status !== 'running';
  useEffect(() => {
    if (!ended) return;
    let current = true;
    client.call('security.getScanRun', { runId: run.id }).then(
      (answer) => current && setStored({ id: run.id, log: logFromText(answer.output ?? '', 'stored') }),
      (error: unknown) => current && setProblem({ control: 'output', ...describeCallError('Loading the scan output', error) }),
    );
    return () => {
      current = false;
    };
  }, [client, run.id, ended]);
  return { log: ended && stored?.id === run.id ? stored.log : live, problem };
}

function RunDetail({ run, operator }: { run: ScanRun; operator: boolean }) {
  const client = useClient();
  const { log, problem: outputProblem } = useRunOutput(run);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const now = useServerNow(1000, run.status === 'running');
  const cancel = () => {
    client.call('security.cancelScan', { runId: run.id, actor: readOperatorName() || 'operator' }).then(
      (answer) => applyScanRuns([answer]),
      (error: unknown) => setProblem({ control: 'cancel', ...describeCallError('Cancel', error) }),
    );
  };
  return (
    <section className="scan-detail" data-testid="scan-detail" data-run-id={run.id} data-status={run.status} aria-label={`Scan run ${run.id}`}>
      <header className="scan-detail__head">
        <strong>
          {run.scannerId} <span className="muted">run {run.id}</span>
        </strong>
        <span className={`scan-status scan-status--${run.status}`}>
          <Icon name={STATUS_ICON[run.status]} />
          {run.status}
        </span>
        <span className="muted" data-testid="scan-detail-timing">
          {formatDuration((run.endedAt ?? now) - run.startedAt)}
        </span>
        {operator && run.status === 'running' && (
          <button type="button" className="button button--small" onClick={cancel} data-testid="scan-cancel">
            <Icon name="stop" />
            Cancel scan
          </button>
        )}
      </header>
      <p className="scan-detail__verdict" data-testid="scan-detail-verdict">
        {scanVerdict(run)}
      </p>
      <p className="muted">
        Started {formatDateTime(run.startedAt)} by {run.actor}
        {run.exitCode !== null && `; the scanner exited with ${run.exitCode} (the report decides, never the exit code)`}
        {run.reports.length > 0 && `; reports: ${run.reports.join(', ')}`}
      </p>
      <CallError problem={problem} controls={['cancel']} testId="scan-cancel-error" />
      <CallError problem={outputProblem} controls={['output']} testId="scan-output-error" />
      <div data-testid="scan-output">
        <LogPane log={log} placeholder={run.status === 'running' ? 'No output yet.' : 'The scanner printed nothing.'} />
      </div>
    </section>
  );
}

export function ScanRunsPanel({ operator }: { operator: boolean }) {
  const client = useClient();
  const { scanners, environment, problem: loadProblem } = useScanners();
  const production = useAppStore((s) => s.actions.production);
  const runsById = useAppStore((s) => s.scanRuns);
  const runs = useMemo(() => Object.values(runsById).sort((a, b) => b.id - a.id), [runsById]);
  const [openId, setOpenId] = useState<number | null>(null);
  const [asking, setAsking] = useState<string[] | null>(null);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const [busy, setBusy] = useState(false);

  const available = scanners?.filter((s) => s.available) ?? [];
  const running = new Set(runs.filter((r) => r.status === 'running').map((r) => r.scannerId));
  const shown = (openId !== null ? runsById[openId] : undefined) ?? runs.find((r) => r.status === 'running') ?? null;

  const start = (ids: string[]) => {
    const actor = readOperatorName();
    if (actor === '') {
      setProblem({ control: 'start', title: 'Enter your name first', details: ['Scans are recorded with who started them: type your name in "Your name" above.'] });
      return;
    }
    setAsking(null);
    setBusy(true);
    setProblem(null);
    client
      .call('security.startScan', { scanners: ids, actor })
      .then(
        (started) => {
          applyScanRuns(started);
          if (started[0]) setOpenId(started[0].id);
        },
        (error: unknown) => setProblem({ control: 'start', ...describeCallError(ids.length === 0 ? 'Running every scanner' : `Scan ${ids.join(', ')}`, error) }),
      )
      .finally(() => setBusy(false));
  };
  const ask = (ids: string[]) => (production ? setAsking(ids) : start(ids));

  return (
    <section className="panel scan-runs" data-testid="scan-runs" aria-labelledby="scan-runs-title">
      <header className="sec-panel-head">
        <h3 className="sec-section-title" id="scan-runs-title">
          Scans
        </h3>
        {operator && available.length > 1 && (
          <button type="button" className="button button--small button--primary" disabled={busy || available.every((s) => running.has(s.id))} onClick={() => ask([])} data-testid="scan-start-all">
            <Icon name="play" />
            Run all {available.length} scanners
          </button>
        )}
      </header>
      <CallError problem={loadProblem} controls={['scanners']} testId="scan-load-error" />
      {scanners !== null && scanners.length === 0 && (
        <p className="muted" data-testid="scan-none">
          No scanners configured: add <code>security.scanners</code> to warroom.yaml (README: Security scanners).
        </p>
      )}
      <ul className="scan-scanners">
        {(scanners ?? []).map((scanner) => {
          const last = runs.find((r) => r.scannerId === scanner.id) ?? scanner.lastRun;
          return (
            <li key={scanner.id} className="scan-scanner" data-testid={`scanner-${scanner.id}`}>
              <span className="scan-scanner__name" title={scanner.argv.join(' ')}>
                {scanner.label}
              </span>
              <span className="muted scan-scanner__last">
                {running.has(scanner.id) ? 'running…' : last ? `last: ${last.status}, ${formatDateTime(last.startedAt)}` : scanner.available ? 'never run' : `not in ${environment}`}
              </span>
              {operator && scanner.available && (
                <button type="button" className="button button--small" disabled={busy || running.has(scanner.id)} onClick={() => ask([scanner.id])} data-testid={`scan-start-${scanner.id}`}>
                  <Icon name="play" />
                  Run scan
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {asking !== null && (
        <ConfirmProduction
          environment={environment}
          what={asking.length === 0 ? `Run all ${available.length} scanners` : `Run ${asking.join(', ')}`}
          onConfirm={() => start(asking)}
          onClose={() => setAsking(null)}
        />
      )}
      <CallError problem={problem} controls={['start']} testId="scan-start-error" />
      {runs.length > 0 && (
        <ol className="scan-run-list" data-testid="scan-run-list" aria-label="Recent scan runs, newest first">
          {runs.slice(0, RECENT).map((run) => (
            <li key={run.id}>
              <button
                type="button"
                className={`scan-run scan-run--${run.status}${shown?.id === run.id ? ' scan-run--open' : ''}`}
                onClick={() => setOpenId(run.id)}
                data-testid={`scan-run-${run.id}`}
                data-scanner={run.scannerId}
                data-status={run.status}
                aria-pressed={shown?.id === run.id}
              >
                <span className={`scan-status scan-status--${run.status}`}>
                  <Icon name={STATUS_ICON[run.status]} />
                  {run.status}
                </span>
                <span className="scan-run__scanner">{run.scannerId}</span>
                <span className="muted">{formatDateTime(run.startedAt)}</span>
                <span className="scan-run__verdict" data-testid="scan-run-verdict">
                  {scanVerdict(run)}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
      {shown && <RunDetail run={shown} operator={operator} />}
      {operator && <ReportImport scopes={(scanners ?? []).map((s) => s.id)} />}
    </section>
  );
}
