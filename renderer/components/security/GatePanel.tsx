/**
 * The security gate as the go/no-go board reads it: open or closed, what keeps it closed, and the
 * scans it rests on with their tools' versions and warnings (e.g. bandit 1.6.2's blind spot).
 */
import type { ScanRecord, SecurityOverview } from '../../../shared/domain/security-register.js';
import { formatDateTime } from '../../lib/time.js';
import { Icon } from '../common/Icon.js';
import { StatusMark } from '../common/StatusMark.js';
import { toolLabel } from './security-format.js';

/** One scan: its tools and versions, scope, time, report, counts or why it failed, and its warnings. */
export function ScanLine({ scan, opened = false, testId = 'sec-gate-scan' }: { scan: ScanRecord; opened?: boolean; testId?: string }) {
  const failed = scan.status === 'failed';
  return (
    <li
      className={`sec-scan${failed ? ' sec-scan--failed' : ''}${opened ? ' sec-scan--open' : ''}`}
      data-testid={testId}
      data-scan-id={scan.id}
      data-status={scan.status}
      data-open={opened ? 'true' : 'false'}
    >
      <div className="sec-scan__head">
        <strong>{scan.tools.map(toolLabel).join(', ')}</strong>
        <span className="muted">{scan.scope}</span>
        <span className="muted">{formatDateTime(scan.finishedAt)}</span>
        {scan.sourceFile && <code className="muted">{scan.sourceFile}</code>}
      </div>
      {failed ? (
        <p className="sec-scan__error">
          <Icon name="cross" />
          Failed scan: {scan.error ?? 'no report'}
        </p>
      ) : (
        <p className="sec-scan__counts">
          {scan.counts.total} findings: <strong>{scan.counts.new} new</strong> · {scan.counts.fixed} fixed · {scan.counts.unchanged} unchanged
          {scan.counts.reopened > 0 && <> · {scan.counts.reopened} reopened</>}
        </p>
      )}
      {scan.warnings.map((warning) => (
        <p key={warning} className="sec-scan__warning" data-testid="sec-scan-warning">
          <Icon name="warning" />
          {warning}
        </p>
      ))}
    </li>
  );
}

export function GatePanel({ overview, openScanId = null }: { overview: SecurityOverview; openScanId?: number | null }) {
  const { gate } = overview;
  const status = gate === null ? 'unknown' : gate.open ? 'ok' : 'down';
  const word = gate === null ? 'No evidence: nothing scanned yet' : gate.open ? 'Gate open' : 'Gate closed';
  return (
    <section className="panel sec-gate" data-testid="sec-gate" data-gate={gate === null ? 'none' : gate.open ? 'open' : 'closed'}>
      <header className="sec-gate__head">
        <h3 className="sec-section-title">
          <Icon name="shield" />
          Security gate
        </h3>
        <StatusMark status={status} label={word} size="lg" />
      </header>
      {gate && gate.reasons.length > 0 && (
        <ul className="sec-gate__reasons" data-testid="sec-gate-reasons">
          {gate.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      {overview.lastScans.length > 0 && (
        <>
          <h4 className="sec-gate__sub">Rests on the latest scan of each scope</h4>
          <ul className="sec-scans">
            {overview.lastScans.map((scan) => (
              <ScanLine key={scan.id} scan={scan} opened={scan.id === openScanId} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
