/**
 * The decision: GO or NO-GO with rationale, attendees and the follow-ups: on GO the launch time,
 * schedule and announcement; on NO-GO one remediation item (owner, due date) per unmet criterion of
 * the board and a new target date. The core freezes the board as of the moment it records.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { BoardEvaluation } from '../../../shared/domain/board.js';
import type { Poll } from '../../../shared/domain/meeting.js';
import { useClient } from '../../api/client-context.js';
import { readOperatorName, rememberOperatorName } from '../../lib/operator-name.js';
import { meetingAnswered } from '../../stores/store-updates.js';
import { RefusalNote } from './RefusalNote.js';
import { describeRefusal } from './refusal.js';
import type { Refusal } from './refusal.js';
import { VoteMark } from './VoteMark.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** "YYYY-MM-DDTHH:mm" in local time, what a datetime-local input holds. */
export function toLocalInput(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const fromLocalInput = (value: string): number => new Date(value).getTime();

interface Step {
  at: string;
  what: string;
}

interface Remedy {
  owner: string;
  dueAt: string;
  note: string;
}

export function DecisionForm({ poll, board }: { poll: Poll; board: BoardEvaluation }) {
  const client = useClient();
  const now = board.asOf;
  const unmet = board.criteria.filter((c) => c.state !== 'met' && c.state !== 'waived');
  const [decision, setDecision] = useState<'GO' | 'NO-GO'>(board.verdict === 'GO' ? 'GO' : 'NO-GO');
  const [by, setBy] = useState(readOperatorName);
  const [rationale, setRationale] = useState('');
  const [attendees, setAttendees] = useState(() => [...new Set(poll.votes.map((v) => v.voter))].join(', '));
  const [launchAt, setLaunchAt] = useState(() => toLocalInput(now + HOUR));
  const [steps, setSteps] = useState<Step[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const [remedies, setRemedies] = useState<Record<string, Remedy>>({});
  const [newTargetAt, setNewTargetAt] = useState(() => toLocalInput(now + 7 * DAY));
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  const remedy = (id: string): Remedy => remedies[id] ?? { owner: '', dueAt: toLocalInput(now + 2 * DAY), note: '' };
  const setRemedy = (id: string, patch: Partial<Remedy>) => setRemedies((all) => ({ ...all, [id]: { ...remedy(id), ...patch } }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setRefusal(null);
    const common = {
      pollId: poll.id,
      by,
      rationale,
      attendees: attendees.split(/[,\n]/).map((a) => a.trim()).filter(Boolean),
    };
    try {
      const record =
        decision === 'GO'
          ? await client.call('decision.record', {
              decision: 'GO',
              ...common,
              launchAt: fromLocalInput(launchAt),
              schedule: steps.filter((s) => s.what.trim()).map((s) => ({ at: fromLocalInput(s.at), what: s.what })),
              announcement,
            })
          : await client.call('decision.record', {
              decision: 'NO-GO',
              ...common,
              remediation: unmet.map((c) => {
                const r = remedy(c.id);
                return { criterionId: c.id, owner: r.owner, dueAt: fromLocalInput(r.dueAt), ...(r.note.trim() ? { note: r.note } : {}) };
              }),
              newTargetAt: fromLocalInput(newTargetAt),
            });
      rememberOperatorName(by);
      meetingAnswered({ decision: record });
    } catch (caught) {
      setRefusal(describeRefusal(caught, 'The decision was not recorded'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel meeting-panel decision-form" data-testid="decision-form" onSubmit={(e) => void submit(e)}>
      <header className="meeting-panel__head">
        <h3>Decision on poll #{poll.id}</h3>
        <span className="muted">The record freezes the board as it reads when you record it.</span>
      </header>
      <fieldset className="vote-choices">
        <legend className="field__label">Decision</legend>
        {(['GO', 'NO-GO'] as const).map((d) => (
          <button
            key={d}
            type="button"
            className={`button vote-choice${decision === d ? ' vote-choice--chosen' : ''}`}
            aria-pressed={decision === d}
            disabled={d === 'GO' && board.verdict !== 'GO'}
            onClick={() => setDecision(d)}
            data-testid={`decision-choice-${d}`}
          >
            <VoteMark choice={d} />
          </button>
        ))}
        {board.verdict !== 'GO' && (
          <span className="muted" data-testid="decision-go-hint">
            GO needs the board at GO ({board.score} % of {board.threshold} %{board.blockers.length > 0 ? `, ${board.blockers.length} hard blocker(s)` : ''}).
          </span>
        )}
      </fieldset>
      <label className="field">
        <span className="field__label">Decided by</span>
        <input className="input" value={by} maxLength={60} onChange={(e) => setBy(e.target.value)} data-testid="decision-by" />
      </label>
      <label className="field field--text">
        <span className="field__label">Rationale</span>
        <textarea className="input" rows={3} value={rationale} onChange={(e) => setRationale(e.target.value)} data-testid="decision-rationale" />
      </label>
      <label className="field field--text">
        <span className="field__label">Attendees (comma or line separated)</span>
        <textarea className="input" rows={2} value={attendees} onChange={(e) => setAttendees(e.target.value)} data-testid="decision-attendees" />
      </label>

      {decision === 'GO' ? (
        <div className="decision-followups" data-testid="decision-go">
          <label className="field">
            <span className="field__label">Launch at</span>
            <input className="input" type="datetime-local" value={launchAt} onChange={(e) => setLaunchAt(e.target.value)} data-testid="decision-launch-at" />
          </label>
          <div className="field">
            <span className="field__label">Launch schedule</span>
            {steps.map((step, i) => (
              <div className="decision-row" key={i}>
                <input
                  className="input"
                  type="datetime-local"
                  value={step.at}
                  onChange={(e) => setSteps((all) => all.map((s, j) => (j === i ? { ...s, at: e.target.value } : s)))}
                  data-testid={`decision-step-at-${i}`}
                />
                <input
                  className="input"
                  value={step.what}
                  placeholder="what happens"
                  onChange={(e) => setSteps((all) => all.map((s, j) => (j === i ? { ...s, what: e.target.value } : s)))}
                  data-testid={`decision-step-what-${i}`}
                />
              </div>
            ))}
            <button className="button button--small" type="button" onClick={() => setSteps((all) => [...all, { at: launchAt, what: '' }])} data-testid="decision-add-step">
              Add a step
            </button>
          </div>
          <label className="field field--text">
            <span className="field__label">Announcement</span>
            <textarea className="input" rows={3} value={announcement} onChange={(e) => setAnnouncement(e.target.value)} data-testid="decision-announcement" />
          </label>
        </div>
      ) : (
        <div className="decision-followups" data-testid="decision-nogo">
          <span className="field__label">Remediation plan: one item per unmet criterion</span>
          {unmet.length === 0 && <p className="muted">Every criterion is met or waived.</p>}
          {unmet.map((c) => (
            <div className="decision-row" key={c.id} data-testid={`remedy-${c.id}`}>
              <span className="decision-row__title">
                {c.title} <span className="muted">({c.state}{c.why ? `: ${c.why}` : ''})</span>
              </span>
              <input className="input" placeholder="owner" value={remedy(c.id).owner} maxLength={60} onChange={(e) => setRemedy(c.id, { owner: e.target.value })} data-testid={`remedy-owner-${c.id}`} />
              <input className="input" type="datetime-local" value={remedy(c.id).dueAt} onChange={(e) => setRemedy(c.id, { dueAt: e.target.value })} data-testid={`remedy-due-${c.id}`} />
              <input className="input" placeholder="note" value={remedy(c.id).note} onChange={(e) => setRemedy(c.id, { note: e.target.value })} data-testid={`remedy-note-${c.id}`} />
            </div>
          ))}
          <label className="field">
            <span className="field__label">New target date</span>
            <input className="input" type="datetime-local" value={newTargetAt} onChange={(e) => setNewTargetAt(e.target.value)} data-testid="decision-new-target" />
          </label>
        </div>
      )}
      <div className="meeting-actions">
        <button className="button button--primary" type="submit" disabled={busy} data-testid="decision-submit">
          Record {decision}
        </button>
      </div>
      <RefusalNote refusal={refusal} testId="decision-error" />
    </form>
  );
}
