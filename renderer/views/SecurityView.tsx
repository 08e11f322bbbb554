/**
 * The security findings register: open findings per severity, the gate and the scans it rests on,
 * scan-to-scan comparison and open findings over time (the scan an evidence link opened on top,
 * its scope compared), and the table of every finding (filtered
 * and sorted here, virtualised) with each finding's detail and triage. Operators triage (one or the
 * filtered set); viewers read the same screen. Everything is loaded again after security.changed.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { SEVERITIES } from '../../shared/domain/security.js';
import type { FindingRecord, SecurityOverview } from '../../shared/domain/security-register.js';
import { useClient } from '../api/client-context.js';
import { OperatorNameField } from '../components/actions/OperatorNameField.js';
import { OpenFindingsChart } from '../components/charts/OpenFindingsChart.js';
import { describeCallError } from '../components/common/call-problem.js';
import type { CallProblem } from '../components/common/call-problem.js';
import { CallError } from '../components/common/CallError.js';
import { EmptyState } from '../components/common/EmptyState.js';
import { Icon } from '../components/common/Icon.js';
import { BulkTriageDialog } from '../components/security/BulkTriageDialog.js';
import { ExportButtons } from '../components/security/ExportButtons.js';
import { DEFAULT_FILTER, DEFAULT_SORT, effectiveState, filterFindings, sortFindings, toFindingFilter, toolsOf } from '../components/security/finding-query.js';
import type { TableFilter, TableSort } from '../components/security/finding-query.js';
import { FindingDetail } from '../components/security/FindingDetail.js';
import { FindingFilters } from '../components/security/FindingFilters.js';
import { FindingsTable } from '../components/security/FindingsTable.js';
import { GatePanel } from '../components/security/GatePanel.js';
import { OpenedScan } from '../components/security/OpenedScan.js';
import { ScanComparison } from '../components/security/ScanComparison.js';
import { ScanRunsPanel } from '../components/security/ScanRunsPanel.js';
import { SeverityCounts } from '../components/security/SeverityCounts.js';
import { useNow } from '../lib/use-now.js';
import { loadSecurity } from '../stores/security-actions.js';
import { securityStale } from '../stores/slices/security.js';
import type { SecurityData } from '../stores/slices/security.js';
import { useAppStore } from '../stores/store.js';
import { Waiting } from './Waiting.js';

/** Loads the register when shown and again after every change; a failed load waits for the next change. */
function useSecurityRegister(): CallProblem | null {
  const client = useClient();
  const rev = useAppStore((s) => s.securityRev);
  const stale = useAppStore(securityStale);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const loading = useRef(false);
  const failedRev = useRef<number | null>(null);

  useEffect(() => {
    if (!stale || loading.current || failedRev.current === rev) return;
    loading.current = true;
    const run = async () => {
      // A change during a load leaves the store stale again: load until it is current.
      while (securityStale(useAppStore.getState())) {
        const at = useAppStore.getState().securityRev;
        try {
          await loadSecurity(client);
          failedRev.current = null;
          setProblem(null);
        } catch (error) {
          failedRev.current = at;
          setProblem({ control: 'load', ...describeCallError('Loading the findings register', error) });
          break;
        }
      }
      loading.current = false;
    };
    void run();
  }, [client, rev, stale]);

  return problem;
}

/** The rows the table shows: sorted once per sort, then filtered (the cost per keystroke: npm run bench:security-view). */
function useTableRows(findings: readonly FindingRecord[], filter: TableFilter, sort: TableSort, now: number): FindingRecord[] {
  const sorted = useMemo(() => sortFindings(findings, sort), [findings, sort]);
  return useMemo(() => filterFindings(sorted, filter, now), [sorted, filter, now]);
}

function FindingsSection({ findings, operator, now }: { findings: readonly FindingRecord[]; operator: boolean; now: number }) {
  const [filter, setFilter] = useState<TableFilter>(DEFAULT_FILTER);
  const [sort, setSort] = useState<TableSort>(DEFAULT_SORT);
  const [openId, setOpenId] = useState<number | null>(null);
  const [bulk, setBulk] = useState(false);
  const rows = useTableRows(findings, filter, sort, now);
  const tools = useMemo(() => toolsOf(findings), [findings]);
  const close = useCallback(() => setOpenId(null), []);
  const closeBulk = useCallback(() => setBulk(false), []);

  return (
    <section className="panel sec-findings" data-testid="sec-findings">
      <header className="sec-panel-head">
        <h3 className="sec-section-title">Findings</h3>
        <p className="sec-findings__count" data-testid="sec-shown" data-shown={rows.length} data-total={findings.length}>
          <strong>{rows.length}</strong> of {findings.length} shown
        </p>
        {operator && (
          <button type="button" className="button button--small" disabled={rows.length === 0} onClick={() => setBulk(true)} data-testid="sec-bulk-open">
            <Icon name="pen" />
            Triage the {rows.length} shown…
          </button>
        )}
      </header>
      <FindingFilters filter={filter} onChange={setFilter} tools={tools} />
      <ExportButtons filter={toFindingFilter(filter)} />
      <FindingsTable findings={rows} sort={sort} onSort={setSort} now={now} selectedId={openId} onOpen={setOpenId} />
      {openId !== null && <FindingDetail id={openId} operator={operator} now={now} onClose={close} />}
      {bulk && <BulkTriageDialog shown={rows} now={now} onClose={closeBulk} />}
    </section>
  );
}

/** Open findings past their deadline, counted as time passes (the overview's count is as of its answer). */
function countOverdue(findings: readonly FindingRecord[], now: number): number {
  let count = 0;
  for (const finding of findings) {
    const state = effectiveState(finding, now);
    if ((state === 'open' || state === 'confirmed') && finding.deadlineAt !== null && finding.deadlineAt < now) count += 1;
  }
  return count;
}

/** Until the reload after an event lands, the event's headline keeps the big numbers current. */
function useOpenCounts(overview: SecurityOverview) {
  const headline = useAppStore((s) => s.securityHeadline);
  return headline?.openBySeverity ?? overview.openBySeverity;
}

function SecurityScreen() {
  const data = useAppStore((s) => s.security);
  const operator = useAppStore((s) => s.connection.role === 'operator');
  const local = useNow(30_000);
  if (!data) return null;
  // The core's time now, from its clock at the answers (ages, deadlines and "overdue" follow it).
  const now = data.loadedAt + (local - data.loadedLocalAt);
  return <Register data={data} operator={operator} now={now} />;
}

function Register({ data, operator, now }: { data: SecurityData; operator: boolean; now: number }) {
  const { overview } = data;
  const open = useOpenCounts(overview);
  const overdue = useMemo(() => countOverdue(data.findings, now), [data.findings, now]);
  const openScanId = useAppStore((s) => s.openScanId);
  const openedScope = data.scans.find((s) => s.id === openScanId)?.scope ?? null;
  return (
    <>
      <div className="sec-top">
        <div className="sec-top__main">
          <SeverityCounts open={open} overdue={overdue} expiredAcceptances={overview.expiredAcceptances} />
          <section className="panel sec-over-time" data-testid="sec-over-time">
            <header className="sec-panel-head">
              <h3 className="sec-section-title">Open findings over time</h3>
              <ul className="sec-legend">
                {SEVERITIES.filter((s) => s !== 'info').map((s) => (
                  <li key={s}>
                    <span className={`sec-legend__swatch sev-bg--${s}`} />
                    {s}
                  </li>
                ))}
              </ul>
            </header>
            <OpenFindingsChart history={data.history} now={now} />
          </section>
          <ScanComparison scans={data.scans} focusScope={openedScope} />
        </div>
        <GatePanel overview={overview} openScanId={openScanId} />
      </div>
      <FindingsSection findings={data.findings} operator={operator} now={now} />
    </>
  );
}

export function SecurityView() {
  const ready = useAppStore((s) => s.connection.appState === 'ready');
  if (!ready) return <Waiting view="security" />;
  return <SecurityLoaded />;
}

function SecurityLoaded() {
  const problem = useSecurityRegister();
  const operator = useAppStore((s) => s.connection.role === 'operator');
  const loaded = useAppStore((s) => s.security !== null);
  const empty = useAppStore((s) => s.security !== null && s.security.overview.total === 0 && s.security.scans.length === 0);
  const openScanId = useAppStore((s) => s.openScanId);
  const scans = useAppStore((s) => s.security?.scans);

  // One tree whether the register is empty or not, so the scans panel keeps what it shows (the
  // run opened, an import's result) when the first findings arrive.
  return (
    <section className={empty ? 'view' : 'view view--security'} data-testid="view-security" data-state={empty ? 'empty' : loaded ? 'ready' : 'loading'}>
      {empty ? (
        <EmptyState title="No security findings recorded" sections={['security']}>
          <p>
            Run a configured scanner below, drop scanner reports (SARIF, bandit JSON, npm audit JSON, secretlint JSON) here, or import them
            with <code>warroom scan import PATH…</code>; the register then lists every finding with its severity, triage and the scans
            behind it, and the gate the go/no-go board reads.
          </p>
          {operator && <OperatorNameField compact />}
        </EmptyState>
      ) : (
        <header className="panel load-head">
          <div className="load-head__main">
            <h2 className="view__title">Security findings</h2>
            <p className="muted" data-testid="sec-scan-hint">
              Scans run from here or with <code>warroom scan</code>; reports come in from here or with <code>warroom scan import</code>. Every
              scan, import, triage and expiry updates this screen.
            </p>
          </div>
          {operator && <OperatorNameField compact />}
        </header>
      )}
      {!empty && !operator && (
        <p className="readonly-note" data-testid="sec-readonly">
          <Icon name="lock" />
          Read-only display: findings are triaged from an operator screen.
        </p>
      )}
      <CallError problem={problem} controls={['load']} testId="sec-load-error" />
      {/* First, above the scanners: what the evidence link was about. */}
      {openScanId !== null && scans && <OpenedScan scanId={openScanId} scans={scans} />}
      <ScanRunsPanel operator={operator} />
      {!empty && (loaded ? <SecurityScreen /> : <p className="muted">Loading the findings register…</p>)}
    </section>
  );
}
