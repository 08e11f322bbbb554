/**
 * One finding: where it is (file and line, or the package with its vulnerable range and fixed
 * version), CWE/CVE, advice, a secret's masked preview, the tools that saw it, every sighting and
 * the triage history; operators triage it here, viewers read. Loaded with security.getFinding,
 * and again after every change to the register.
 */
import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { FindingDetail as Detail, TriageChange } from '../../../shared/domain/security-register.js';
import { useClient } from '../../api/client-context.js';
import { readOperatorName, rememberOperatorName } from '../../lib/operator-name.js';
import { formatDateTime } from '../../lib/time.js';
import { useAppStore } from '../../stores/store.js';
import { describeCallError } from '../common/call-problem.js';
import type { CallProblem } from '../common/call-problem.js';
import { CallError } from '../common/CallError.js';
import { Icon } from '../common/Icon.js';
import { KIND_WORDS, SEVERITY_ICONS, SEVERITY_WORDS, STATE_WORDS, toolLabel } from './security-format.js';
import { choiceProblems, emptyChoice, triageInput } from './triage-choice.js';
import type { TriageChoice, TriageTarget } from './triage-choice.js';
import { TriageFields } from './TriageFields.js';

const CAUSE_WORDS: Record<TriageChange['cause'], string> = { import: 'first seen', triage: 'triaged', rescan: 're-scan', expiry: 'acceptance expired' };

function Facts({ detail }: { detail: Detail }) {
  const f = detail.finding;
  return (
    <dl className="sec-detail__facts" data-testid="sec-detail-facts">
      {f.location && (
        <div>
          <dt>Location</dt>
          <dd>
            <code data-testid="sec-detail-location">
              {f.location.file}
              {f.location.line !== null && `:${f.location.line}`}
              {f.location.column !== null && `:${f.location.column}`}
            </code>
          </dd>
        </div>
      )}
      {f.package && (
        <div>
          <dt>Package</dt>
          <dd data-testid="sec-detail-package">
            <code>
              {f.package.name} {f.package.installedVersion ?? ''}
            </code>
            {f.package.vulnerableRange && <> · vulnerable <code>{f.package.vulnerableRange}</code></>}
            {' · '}
            {f.package.fixedVersion ? (
              <>
                fixed in <code>{f.package.fixedVersion}</code>
              </>
            ) : (
              <strong>no fixed version yet</strong>
            )}
          </dd>
        </div>
      )}
      {f.maskedPreview && (
        <div>
          <dt>Secret</dt>
          <dd>
            <code data-testid="sec-detail-preview">{f.maskedPreview}</code> <span className="muted">(masked; the value is never stored)</span>
          </dd>
        </div>
      )}
      <div>
        <dt>Rule</dt>
        <dd>
          <code>{f.ruleId}</code> · {KIND_WORDS[f.kind]} · {f.category} · tool says <code>{f.toolSeverity}</code>
          {f.confidence && <> · confidence {f.confidence}</>}
        </dd>
      </div>
      {(f.cwe.length > 0 || f.cve.length > 0) && (
        <div>
          <dt>CWE / CVE</dt>
          <dd data-testid="sec-detail-ids">{[...f.cwe, ...f.cve].join(', ')}</dd>
        </div>
      )}
      <div>
        <dt>Seen by</dt>
        <dd data-testid="sec-detail-tools">{f.tools.map(toolLabel).join(', ')}</dd>
      </div>
      <div>
        <dt>First / last seen</dt>
        <dd>
          {formatDateTime(f.firstSeenAt)} / {formatDateTime(f.lastSeenAt)}
          {f.fixedAt !== null && <> · fixed {formatDateTime(f.fixedAt)}</>}
        </dd>
      </div>
      {f.deadlineAt !== null && (
        <div>
          <dt>Deadline</dt>
          <dd className={f.overdue ? 'sec-overdue' : ''}>
            {formatDateTime(f.deadlineAt)}
            {f.overdue && ' (overdue)'}
          </dd>
        </div>
      )}
      {f.acceptance && (
        <div>
          <dt>Acceptance</dt>
          <dd data-testid="sec-detail-acceptance">
            {f.acceptance.reason}
            {f.acceptance.mitigation && <> · mitigation: {f.acceptance.mitigation}</>}
            {f.acceptance.owner && <> · owner: {f.acceptance.owner}</>}
            {f.acceptance.expiresAt !== null && <> · until {formatDateTime(f.acceptance.expiresAt)}</>}
          </dd>
        </div>
      )}
      {f.reportSuppression && (
        <div>
          <dt>Suppressed in report</dt>
          <dd>
            {f.reportSuppression.kind}
            {f.reportSuppression.justification && `: ${f.reportSuppression.justification}`}
          </dd>
        </div>
      )}
    </dl>
  );
}

function History({ detail }: { detail: Detail }) {
  return (
    <div className="sec-detail__lists">
      <section>
        <h4 className="sec-detail__sub">Triage history</h4>
        <ol className="sec-history" data-testid="sec-detail-history">
          {detail.history.map((change, i) => (
            <li key={i} data-cause={change.cause}>
              <span className="muted">{formatDateTime(change.at)}</span> <strong>{change.actor}</strong> · {CAUSE_WORDS[change.cause]}:{' '}
              {change.from ? `${STATE_WORDS[change.from]} → ` : ''}
              <strong>{STATE_WORDS[change.to]}</strong>
              {change.blocking && ' (blocking)'}
              {change.reason && <> · “{change.reason}”</>}
              {change.acceptance?.expiresAt != null && <> · until {formatDateTime(change.acceptance.expiresAt)}</>}
            </li>
          ))}
        </ol>
      </section>
      <section>
        <h4 className="sec-detail__sub">Sightings</h4>
        <ol className="sec-history" data-testid="sec-detail-sightings">
          {detail.sightings.map((s) => (
            <li key={`${s.scanId}-${s.tool}`}>
              <span className="muted">{formatDateTime(s.at)}</span> scan #{s.scanId} · {s.tool} · {s.scope}
              {s.sourceFile && <> · <code>{s.sourceFile}</code></>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function TriageForm({ detail, now }: { detail: Detail; now: number }) {
  const client = useClient();
  const current = detail.finding.state;
  const [choice, setChoice] = useState<TriageChoice>(() => emptyChoice(current === 'open' ? 'confirmed' : current === 'fixed' ? 'open' : (current satisfies TriageTarget)));
  const [actor, setActor] = useState(readOperatorName);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const [shown, setShown] = useState(false);
  const problems = choiceProblems(choice, actor, now);
  const ready = Object.keys(problems).length === 0 && !busy;

  if (current === 'fixed') {
    return <p className="muted" data-testid="sec-triage-fixed">Fixed by a re-scan: only a scan that sees it again reopens it.</p>;
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShown(true);
    if (!ready) return;
    setBusy(true);
    setProblem(null);
    try {
      await client.call('security.triage', triageInput([detail.finding.id], choice, actor));
      rememberOperatorName(actor);
    } catch (error) {
      setProblem({ control: 'triage', ...describeCallError('Triage', error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="sec-triage" onSubmit={(e) => void submit(e)} data-testid="sec-triage-form">
      <h4 className="sec-detail__sub">Triage</h4>
      <TriageFields choice={choice} onChange={setChoice} problems={shown ? problems : {}} testIdPrefix="sec-triage" />
      <label className="field">
        <span className="field__label">Your name (audit trail)</span>
        <input className="input" value={actor} maxLength={60} onChange={(e) => setActor(e.target.value)} data-testid="sec-triage-actor" />
        {shown && problems.actor && <span className="field__problem">{problems.actor}</span>}
      </label>
      <CallError problem={problem} controls={['triage']} testId="sec-triage-error" />
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={busy} data-testid="sec-triage-submit">
          <Icon name="pen" />
          {busy ? 'Saving…' : `Set ${STATE_WORDS[choice.state]}`}
        </button>
      </div>
    </form>
  );
}

export function FindingDetail({ id, operator, now, onClose }: { id: number; operator: boolean; now: number; onClose: () => void }) {
  const client = useClient();
  const rev = useAppStore((s) => s.securityRev);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [problem, setProblem] = useState<CallProblem | null>(null);
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let current = true;
    client.call('security.getFinding', { id }).then(
      (answer) => current && setDetail(answer),
      (error: unknown) => current && setProblem({ control: 'detail', ...describeCallError(`Finding #${id}`, error) }),
    );
    return () => {
      current = false;
    };
  }, [client, id, rev]);

  useEffect(() => {
    closeButton.current?.focus();
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    document.body.classList.add('dialog-open');
    return () => {
      document.removeEventListener('keydown', onKey);
      document.body.classList.remove('dialog-open');
    };
  }, [onClose]);

  const f = detail?.finding;
  return (
    <div className="dialog-backdrop" onClick={(event) => event.target === event.currentTarget && onClose()}>
      <div className={`dialog panel sec-detail${f ? ` sec-detail--${f.severity}` : ''}`} role="dialog" aria-modal="true" aria-labelledby="sec-detail-title" data-testid="sec-detail" data-finding-id={id} data-state={f?.state}>
        <header className="sec-detail__head">
          <h2 id="sec-detail-title">
            {f ? (
              <>
                <span className={`sev-mark sev-mark--${f.severity}`}>
                  <Icon name={SEVERITY_ICONS[f.severity]} />
                  {SEVERITY_WORDS[f.severity]}
                </span>{' '}
                {f.title}
              </>
            ) : (
              `Finding #${id}`
            )}
          </h2>
          <button ref={closeButton} type="button" className="button button--small" onClick={onClose} data-testid="sec-detail-close">
            <Icon name="close" />
            Close
          </button>
        </header>
        <CallError problem={problem} controls={['detail']} testId="sec-detail-error" />
        {detail && f && (
          <>
            <p className="sec-detail__state" data-testid="sec-detail-state">
              <span className={`sec-state sec-state--${f.state}`}>{STATE_WORDS[f.state]}</span>
              {f.blocking && <span className="chip chip--warn">blocking</span>}
              {f.reason && <span className="muted">“{f.reason}”{f.triagedBy && ` — ${f.triagedBy}`}</span>}
            </p>
            <Facts detail={detail} />
            {f.advice && (
              <section>
                <h4 className="sec-detail__sub">Advice</h4>
                <p className="sec-detail__advice" data-testid="sec-detail-advice">
                  {f.advice}
                </p>
                {f.helpUri && <p className="muted">{f.helpUri}</p>}
              </section>
            )}
            <History detail={detail} />
            {operator ? (
              <TriageForm key={`${f.state}-${detail.history.length}`} detail={detail} now={now} />
            ) : (
              <p className="readonly-note" data-testid="sec-detail-readonly">
                <Icon name="lock" />
                Read-only display: findings are triaged from an operator screen.
              </p>
            )}
          </>
        )}
      </div>
    </div>
  );
}
