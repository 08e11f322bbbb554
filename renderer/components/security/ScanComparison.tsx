/**
 * Scan-to-scan comparison: choose a scope (a configured scanner, or a tool at a scan root), see
 * new / fixed / unchanged per scan as a chart, and what its newest scan found new and fixed
 * compared with the one before (security.compareScans).
 */
import { useEffect, useMemo, useState } from 'react';
import type { ScanComparison as Comparison, ScanRecord } from '../../../shared/domain/security-register.js';
import { useClient } from '../../api/client-context.js';
import { COMPARISON_BARS, ScanComparisonChart } from '../charts/ScanComparisonChart.js';
import { describeCallError } from '../common/call-problem.js';
import type { CallProblem } from '../common/call-problem.js';
import { CallError } from '../common/CallError.js';
import { Icon } from '../common/Icon.js';
import { SEVERITY_ICONS, SEVERITY_WORDS, STATE_WORDS, scanLabel } from './security-format.js';

/** Scans of each scope, oldest first (the list comes newest first), at most `limit` each. */
export function scansByScope(scans: readonly ScanRecord[], limit = 20): Map<string, ScanRecord[]> {
  const scopes = new Map<string, ScanRecord[]>();
  for (const scan of scans) {
    if (scan.status !== 'ok') continue;
    const list = scopes.get(scan.scope) ?? [];
    if (list.length < limit) list.push(scan);
    scopes.set(scan.scope, list);
  }
  for (const list of scopes.values()) list.reverse();
  return scopes;
}

function Briefs({ title, list, count, testId }: { title: string; list: Comparison['new']; count: number; testId: string }) {
  return (
    <section className="sec-compare__list" data-testid={testId} data-count={count}>
      <h4 className="sec-detail__sub">
        {title}: {count}
      </h4>
      <ul>
        {list.slice(0, 8).map((f) => (
          <li key={f.id}>
            <span className={`sev-mark sev-mark--${f.severity}`}>
              <Icon name={SEVERITY_ICONS[f.severity]} />
              {SEVERITY_WORDS[f.severity]}
            </span>{' '}
            {f.title} <code className="muted">{f.file ?? f.packageName ?? ''}</code> <span className="muted">{STATE_WORDS[f.state]}</span>
          </li>
        ))}
        {count > 8 && <li className="muted">… and {count - 8} more</li>}
      </ul>
    </section>
  );
}

/** `focusScope`: the scope shown until one is chosen (the scope of the scan an evidence link opened). */
export function ScanComparison({ scans, focusScope = null }: { scans: readonly ScanRecord[]; focusScope?: string | null }) {
  const client = useClient();
  const byScope = useMemo(() => scansByScope(scans), [scans]);
  const scopes = [...byScope.keys()];
  const [chosen, setChosen] = useState<string | null>(null);
  // Default: the opened scan's scope, else the one whose newest scan has a predecessor (something to compare), else the newest.
  const preferred = chosen ?? focusScope;
  const scope = preferred !== null && byScope.has(preferred) ? preferred : (scopes.find((s) => (byScope.get(s)?.length ?? 0) > 1) ?? scopes[0] ?? null);
  const shown = useMemo(() => (scope === null ? [] : (byScope.get(scope) ?? [])), [byScope, scope]);
  const newest = shown[shown.length - 1];
  const previous = shown[shown.length - 2];
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [problem, setProblem] = useState<CallProblem | null>(null);

  useEffect(() => {
    if (!newest || !previous) return;
    let current = true;
    client.call('security.compareScans', { baseScanId: previous.id, scanId: newest.id }).then(
      (answer) => {
        if (!current) return;
        setComparison(answer);
        setProblem(null);
      },
      (error: unknown) => current && setProblem({ control: 'compare', ...describeCallError('The comparison', error) }),
    );
    return () => {
      current = false;
    };
  }, [client, newest, previous]);

  const pairShown = comparison !== null && newest !== undefined && previous !== undefined && comparison.scan.id === newest.id && comparison.base.id === previous.id;

  return (
    <section className="panel sec-compare" data-testid="sec-compare" data-scope={scope ?? ''}>
      <header className="sec-panel-head">
        <h3 className="sec-section-title">Scan to scan</h3>
        {scopes.length > 1 && (
          <label className="field sec-filter__field">
            <span className="field__label">Scope</span>
            <select className="input" value={scope ?? ''} onChange={(e) => setChosen(e.target.value)} data-testid="sec-compare-scope">
              {scopes.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      <ul className="sec-legend">
        {COMPARISON_BARS.map((bar) => (
          <li key={bar.key}>
            <span className="sec-legend__swatch" style={{ background: bar.color }} />
            {bar.label}
          </li>
        ))}
      </ul>
      <ScanComparisonChart scans={shown} />
      {previous === undefined ? (
        <p className="muted">One scan of this scope so far: a re-scan is compared with it.</p>
      ) : (
        <>
          <p className="sec-compare__pair" data-testid="sec-compare-pair">
            {newest && scanLabel(newest)} compared with {scanLabel(previous)}
          </p>
          <CallError problem={problem} controls={['compare']} testId="sec-compare-error" />
          {pairShown && (
            <div className="sec-compare__lists">
              <Briefs title="New" list={comparison.new} count={comparison.counts.new} testId="sec-compare-new" />
              <Briefs title="Fixed" list={comparison.fixed} count={comparison.counts.fixed} testId="sec-compare-fixed" />
              <p className="muted" data-testid="sec-compare-unchanged">
                Unchanged: {comparison.counts.unchanged}
              </p>
            </div>
          )}
        </>
      )}
    </section>
  );
}
