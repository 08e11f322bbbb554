/**
 * A failed run's thresholds and its documented exceptions: each failed threshold with "Accept with
 * exception…" (reason, owner, last day; confirmed, then recorded and audited by the core), each
 * exception standing, expired or withdrawn, and Withdraw for one that stands. The verdict line
 * ("passed with 1 exception") is the core's, judged with the exceptions standing now.
 */
import { useState } from 'react';
import type { ThresholdVerdict } from '../../../shared/domain/load.js';
import type { LoadRunRecord } from '../../../shared/domain/load-runs.js';
import { exceptionStatus, standingAt, thresholdLabel } from '../../../shared/domain/load-suites.js';
import type { LoadException } from '../../../shared/domain/load-suites.js';
import { formatActual } from '../../../shared/format/load.js';
import { useClient } from '../../api/client-context.js';
import { rememberOperatorName, useOperatorName } from '../../lib/operator-name.js';
import { formatDateTime } from '../../lib/time.js';
import { useServerNow } from '../../lib/use-now.js';
import { useAppStore } from '../../stores/store.js';
import { BoardDialog } from '../board/BoardDialog.js';
import { useWaiverForm, WaiverFields } from '../board/WaiverFields.js';
import { Icon } from '../common/Icon.js';

const NO_EXCEPTIONS: LoadException[] = [];

const sameThreshold = (e: Pick<LoadException, 'expression' | 'endpoint'>, t: ThresholdVerdict) => e.expression === t.expression && (e.endpoint ?? undefined) === (t.endpoint ?? undefined);

function RunSubject({ run, label, actual }: { run: LoadRunRecord; label: string; actual?: string }) {
  return (
    <p className="board-dialog__criterion load-exception-subject">
      <Icon name="cross" />
      <span>
        <strong>
          {run.profile} #{run.id}
        </strong>{' '}
        failed <code>{label}</code>
        {actual !== undefined && <span className="muted"> (actual {actual})</span>}
      </span>
    </p>
  );
}

function AcceptDialog({ run, threshold, now, onClose }: { run: LoadRunRecord; threshold: ThresholdVerdict; now: number; onClose: () => void }) {
  const client = useClient();
  const actor = useOperatorName();
  const form = useWaiverForm(now, actor);
  const { owner, reason, expiresAt } = form;
  const problems: string[] = [];
  if (owner.trim() === '') problems.push('Say who answers for the exception.');
  if (reason.trim() === '') problems.push('Give the reason the failed threshold is acceptable.');
  if (expiresAt === null) problems.push('Choose the last day the exception stands.');
  else if (expiresAt <= now) problems.push('The expiry day is over already: choose today or later.');

  const submit = async () => {
    if (expiresAt === null) return;
    await client.call('load.addException', {
      runId: run.id,
      expression: threshold.expression,
      ...(threshold.endpoint ? { endpoint: threshold.endpoint } : {}),
      reason: reason.trim(),
      owner: owner.trim(),
      expiresAt,
      actor,
    });
    rememberOperatorName(actor);
  };

  return (
    <BoardDialog
      subject={<RunSubject run={run} label={thresholdLabel(threshold)} actual={formatActual(threshold)} />}
      testId="exception-dialog"
      icon="flag"
      title="Accept with exception"
      what="Accepting the exception"
      confirmLabel="Confirm exception"
      problems={problems}
      submit={submit}
      onClose={onClose}
      fields={<WaiverFields form={form} now={now} testIds={{ owner: 'exception-owner', reason: 'exception-reason', expires: 'exception-expires' }} reasonPlaceholder="Why this result is acceptable for the launch, and what follows it up" />}
      summary={
        <>
          <dl className="board-dialog__what">
            <div>
              <dt>Threshold</dt>
              <dd>
                <code>{thresholdLabel(threshold)}</code> on run #{run.id}
              </dd>
            </div>
            <div>
              <dt>Owner</dt>
              <dd>
                <strong>{owner.trim()}</strong>
              </dd>
            </div>
            <div>
              <dt>Reason</dt>
              <dd>{reason.trim()}</dd>
            </div>
            <div>
              <dt>Expires</dt>
              <dd data-testid="exception-summary-expiry">{expiresAt === null ? '—' : formatDateTime(expiresAt)}</dd>
            </div>
          </dl>
          <p className="board-dialog__note">
            Until it expires the run, its suite and the board read &quot;passed with exceptions&quot;; then the run counts as failed again. Recorded by {actor} in
            the audit trail.
          </p>
        </>
      }
    />
  );
}

function WithdrawDialog({ run, exception, onClose }: { run: LoadRunRecord; exception: LoadException; onClose: () => void }) {
  const client = useClient();
  const actor = useOperatorName();
  return (
    <BoardDialog
      subject={<RunSubject run={run} label={thresholdLabel(exception)} />}
      testId="exception-withdraw-dialog"
      icon="close"
      title="Withdraw the exception"
      what="Withdrawing the exception"
      confirmLabel="Confirm: withdraw"
      problems={[]}
      fields={null}
      submit={() => client.call('load.withdrawException', { exceptionId: exception.id, actor })}
      onClose={onClose}
      summary={
        <>
          <dl className="board-dialog__what">
            <div>
              <dt>Exception</dt>
              <dd>
                owner <strong>{exception.owner}</strong>, until {formatDateTime(exception.expiresAt)}: {exception.reason}
              </dd>
            </div>
            <div>
              <dt>Withdrawn by</dt>
              <dd>
                <strong>{actor}</strong>
              </dd>
            </div>
          </dl>
          <p className="board-dialog__note">The threshold counts as failed again at once; recorded in the audit trail.</p>
        </>
      }
    />
  );
}

function ExceptionLine({ exception, now }: { exception: LoadException; now: number }) {
  const status = exceptionStatus(exception, now);
  return (
    <span className="load-exception__line">
      <span className={`chip load-exception__status load-exception__status--${status}`} data-testid="exception-status">
        {status === 'standing' ? 'standing' : status === 'expired' ? 'expired' : status === 'withdrawn' ? 'withdrawn' : 'not yet'}
      </span>
      <span>
        owner <strong>{exception.owner}</strong> · {exception.reason}{' '}
        <span className="muted">
          {status === 'withdrawn'
            ? `· withdrawn by ${exception.withdrawnBy ?? 'someone'} at ${formatDateTime(exception.withdrawnAt!)}`
            : status === 'expired'
              ? `· expired ${formatDateTime(exception.expiresAt)}`
              : `· until ${formatDateTime(exception.expiresAt)}`}
          {` · accepted by ${exception.actor}`}
        </span>
      </span>
    </span>
  );
}

export function RunExceptions({ runId, operator }: { runId: number; operator: boolean }) {
  const run = useAppStore((s) => s.load.runs[runId]);
  const verdict = useAppStore((s) => s.loadSuites?.verdicts[String(runId)] ?? null);
  const all = useAppStore((s) => s.loadSuites?.exceptions ?? NO_EXCEPTIONS);
  const name = useOperatorName();
  const clock = useServerNow(15_000);
  const [dialog, setDialog] = useState<{ kind: 'accept'; threshold: ThresholdVerdict } | { kind: 'withdraw'; exception: LoadException } | null>(null);
  const exceptions = all.filter((e) => e.runId === runId);
  // The clock ticks every 15 s: never earlier than what the core has already stamped (an exception just made or withdrawn).
  const now = Math.max(clock, ...exceptions.flatMap((e) => [e.createdAt, e.withdrawnAt ?? 0]));
  // Only a run that ran its course and failed a threshold can be excused (an abort on a threshold cannot).
  if (!run || run.state !== 'failed' || !run.summary) return null;
  const failed = run.summary.thresholds.filter((t) => !t.passed);
  if (failed.length === 0) return null;
  const standing = standingAt(exceptions, now);
  const passed = verdict?.verdict === 'passed';
  return (
    <section className="panel load-exceptions" data-testid="load-exceptions" data-verdict={verdict?.verdict ?? 'unknown'} data-exceptions={verdict?.exceptions ?? 0}>
      <header className="load-exceptions__head">
        <h3>Failed thresholds and exceptions</h3>
        {verdict && (
          <strong className={`load-state load-state--${passed ? 'passed' : 'failed'}`} data-testid="load-exceptions-verdict">
            <Icon name={passed ? 'check' : 'cross'} />
            {verdict.line}
          </strong>
        )}
      </header>
      <p className="muted load-exceptions__intro">
        A failed threshold can be accepted as a documented exception, with a reason, an owner and an expiry: until it expires or is withdrawn, the
        run counts as passed with that exception, in its suite and on the board.
      </p>
      <ol className="load-exceptions__list">
        {failed.map((threshold, index) => {
          const cover = standing.find((e) => sameThreshold(e, threshold));
          const history = exceptions.filter((e) => sameThreshold(e, threshold) && e !== cover);
          return (
            <li key={thresholdLabel(threshold)} className={`load-exception${cover ? ' load-exception--accepted' : ''}`} data-testid={`failed-threshold-${index}`} data-accepted={cover !== undefined}>
              <div className="load-exception__threshold">
                <span className="threshold__mark load-exception__mark">
                  <Icon name={cover ? 'flag' : 'cross'} />
                  <span className="threshold__word">{cover ? 'Accepted' : 'Failed'}</span>
                </span>
                <code className="threshold__expr">{threshold.expression}</code>
                <span className="muted">{threshold.endpoint ?? 'all requests'}</span>
                <span className="load-exception__actual">
                  <span className="muted">actual </span>
                  <strong>{formatActual(threshold)}</strong>
                </span>
                {operator && !cover && (
                  <button
                    type="button"
                    className="button button--small"
                    data-testid="exception-accept"
                    disabled={name === ''}
                    title={name === '' ? 'Enter your name at the top of the view first' : 'Accept this failed threshold with a reason, an owner and an expiry'}
                    onClick={() => setDialog({ kind: 'accept', threshold })}
                  >
                    <Icon name="flag" />
                    Accept with exception…
                  </button>
                )}
                {operator && cover && (
                  <button type="button" className="button button--small" data-testid="exception-withdraw" disabled={name === ''} onClick={() => setDialog({ kind: 'withdraw', exception: cover })}>
                    Withdraw
                  </button>
                )}
              </div>
              {cover && (
                <p className="load-exception__detail" data-testid="exception-standing">
                  <ExceptionLine exception={cover} now={now} />
                </p>
              )}
              {history.map((e) => (
                <p key={e.id} className="load-exception__detail load-exception__detail--past" data-testid="exception-past">
                  <ExceptionLine exception={e} now={now} />
                </p>
              ))}
            </li>
          );
        })}
      </ol>
      {dialog?.kind === 'accept' && <AcceptDialog run={run} threshold={dialog.threshold} now={now} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'withdraw' && <WithdrawDialog run={run} exception={dialog.exception} onClose={() => setDialog(null)} />}
    </section>
  );
}
