/**
 * The audit trail, small: verify its hash chain (anyone may: it changes nothing) and the newest
 * entries — time, actor, event, action, run. Refreshes a moment after runs or runbooks change.
 */
import { useEffect, useRef, useState } from 'react';
import type { AuditEntry } from '../../../shared/domain/actions.js';
import type { CommandOutput } from '../../../shared/contract/index.js';
import { useClient } from '../../api/client-context.js';
import { formatClock, formatDateTime } from '../../lib/time.js';
import { useAppStore } from '../../stores/store.js';
import { describeCallError } from '../common/call-problem.js';
import { Icon } from '../common/Icon.js';

const SHOW = 15;
/** Several changes in a burst (requested, started, exited…) make one refresh. */
const REFRESH_AFTER_MS = 1500;

const EVENT_WORDS: Record<AuditEntry['event'], string> = {
  requested: 'requested',
  refused: 'refused',
  approved: 'approved',
  started: 'started',
  cancel_requested: 'cancel requested',
  exited: 'exited',
  verified: 'verified',
  runbook_step: 'runbook step',
  recovered: 'found running after restart',
  signoff: 'signed off',
  waived: 'waived',
  waiver_revoked: 'waiver revoked',
  security_import: 'security reports imported',
  security_triage: 'security findings triaged',
  security_expired: 'risk acceptances expired',
  poll_opened: 'go/no-go poll opened',
  voted: 'voted',
  poll_closed: 'go/no-go poll closed',
  decision_recorded: 'go/no-go decision recorded',
  alert_silenced: 'alert silenced',
  alert_test: 'test alert sent',
  load_baseline: 'load baseline marked',
  load_exception: 'load threshold accepted as an exception',
  load_exception_withdrawn: 'load exception withdrawn',
  plan_import: 'plan imported',
  plan_task: 'plan task changed',
  risk_changed: 'risk register changed',
  standup_added: 'stand-up note added',
  report_generated: 'end-of-day report generated',
  report_sent: 'end-of-day report sent',
  notification_test: 'notification test sent',
  notification_ack: 'PagerDuty incident acknowledged',
};

type Verification = CommandOutput<'audit.verify'>;

function useAuditTail(): { entries: AuditEntry[] | null; error: string | null } {
  const client = useClient();
  const rev = useAppStore((s) => s.actionsRev);
  const [state, setState] = useState<{ entries: AuditEntry[] | null; error: string | null }>({ entries: null, error: null });
  const loadedOnce = useRef(false);
  useEffect(() => {
    let live = true;
    const load = () =>
      client
        .call('audit.tail', { limit: SHOW })
        .then((entries) => {
          if (!live) return;
          loadedOnce.current = true;
          setState({ entries, error: null });
        })
        .catch((error: unknown) => {
          if (!live) return;
          const problem = describeCallError('Loading the audit trail', error);
          setState((s) => ({ entries: s.entries, error: [problem.title, ...problem.details].join(': ') }));
        });
    // The first load at once; later ones after the burst of changes settles.
    const timer = setTimeout(() => void load(), loadedOnce.current ? REFRESH_AFTER_MS : 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, rev]);
  return state;
}

function VerifyResult({ result }: { result: Verification }) {
  if (result.ok) {
    return (
      <p className="audit__result audit__result--ok" role="status" data-testid="audit-result" data-ok="true">
        <Icon name="shield" />
        Audit trail intact: {result.entries} {result.entries === 1 ? 'entry' : 'entries'}, chain head <code>{result.headHash.slice(0, 12)}</code>
      </p>
    );
  }
  return (
    <div className="audit__result audit__result--bad" role="alert" data-testid="audit-result" data-ok="false">
      <p>
        <Icon name="cross" />
        Audit trail damaged: {result.problems.length} {result.problems.length === 1 ? 'problem' : 'problems'} in {result.entries} entries
      </p>
      <ul>
        {result.problems.map((problem, i) => (
          <li key={i} data-testid="audit-problem">
            {problem.seq !== null && <strong>entry {problem.seq}: </strong>}
            {problem.problem}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function AuditSection() {
  const client = useClient();
  const tail = useAuditTail();
  const [verify, setVerify] = useState<{ busy: boolean; result: Verification | null; error: string | null }>({ busy: false, result: null, error: null });

  const runVerify = async () => {
    if (verify.busy) return;
    setVerify({ busy: true, result: null, error: null });
    try {
      setVerify({ busy: false, result: await client.call('audit.verify', {}), error: null });
    } catch (error) {
      const problem = describeCallError('Verifying the audit trail', error);
      setVerify({ busy: false, result: null, error: [problem.title, ...problem.details].join(': ') });
    }
  };

  return (
    <section className="panel audit" data-testid="audit-section" aria-labelledby="audit-title">
      <header className="audit__head">
        <h3 id="audit-title">Audit trail</h3>
        <button type="button" className="button button--small" disabled={verify.busy} onClick={() => void runVerify()} data-testid="audit-verify">
          <Icon name="shield" />
          {verify.busy ? 'Verifying…' : 'Verify audit trail'}
        </button>
      </header>
      {verify.result && <VerifyResult result={verify.result} />}
      {verify.error && (
        <p className="form-error form-error--compact" role="alert" data-testid="audit-error">
          {verify.error}
        </p>
      )}
      {tail.error && <p className="muted">{tail.error}</p>}
      {tail.entries && tail.entries.length === 0 && <p className="muted">Nothing recorded yet.</p>}
      {tail.entries && tail.entries.length > 0 && (
        <div className="table-scroll">
          <table className="table table--compact audit__table" data-testid="audit-tail">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Actor</th>
                <th scope="col">Event</th>
                <th scope="col">Action</th>
                <th scope="col" className="num">
                  Run
                </th>
              </tr>
            </thead>
            <tbody>
              {tail.entries.map((entry) => (
                <tr key={entry.seq} data-testid={`audit-entry-${entry.seq}`} data-event={entry.event}>
                  <td className="audit__time" title={formatDateTime(entry.at)}>
                    {formatClock(entry.at)}
                  </td>
                  <td>{entry.actor}</td>
                  <td className={`audit__event audit__event--${entry.event}`}>{EVENT_WORDS[entry.event]}</td>
                  <td>{entry.actionId ?? <span className="muted">—</span>}</td>
                  <td className="num">{entry.runId === null ? <span className="muted">—</span> : `#${entry.runId}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
