/**
 * The poll: every role with the vote that counts (colour, shape and word), the tally, and for an
 * operator a vote form (NO-GO needs a reason) and Close. Each vote sends the asOf of the board this
 * screen shows, so the core stores the board the voter saw.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { BoardEvaluation } from '../../../shared/domain/board.js';
import { VOTE_CHOICES } from '../../../shared/domain/meeting.js';
import type { Poll, VoteChoice } from '../../../shared/domain/meeting.js';
import { useClient } from '../../api/client-context.js';
import { formatClock } from '../../lib/time.js';
import { readOperatorName, rememberOperatorName } from '../../lib/operator-name.js';
import { meetingAnswered } from '../../stores/store-updates.js';
import { RefusalNote } from './RefusalNote.js';
import { describeRefusal } from './refusal.js';
import type { Refusal } from './refusal.js';
import { VoteMark } from './VoteMark.js';

export function PollPanel({ poll, board, operator }: { poll: Poll; board: BoardEvaluation | null; operator: boolean }) {
  const client = useClient();
  const [role, setRole] = useState(poll.tally.missing[0] ?? poll.roles[0] ?? '');
  const [voter, setVoter] = useState(readOperatorName);
  const [choice, setChoice] = useState<VoteChoice | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const open = poll.state === 'open';

  const vote = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !choice) return;
    setBusy(true);
    setRefusal(null);
    try {
      await client.call('meeting.vote', {
        pollId: poll.id,
        role,
        by: voter,
        choice,
        ...(reason.trim() ? { reason } : {}),
        ...(board ? { boardAsOf: board.asOf } : {}),
      });
      rememberOperatorName(voter);
      setChoice(null);
      setReason('');
      const next = poll.tally.missing.find((r) => r !== role);
      if (next) setRole(next);
    } catch (caught) {
      setRefusal(describeRefusal(caught, 'The vote was not stored'));
    } finally {
      setBusy(false);
    }
  };

  const close = async () => {
    setRefusal(null);
    try {
      meetingAnswered({ poll: await client.call('meeting.closePoll', { pollId: poll.id, by: voter || readOperatorName() || 'operator' }) });
    } catch (caught) {
      setRefusal(describeRefusal(caught, 'The poll was not closed'));
    }
  };

  return (
    <section className="panel meeting-panel" data-testid="poll" aria-label="Poll">
      <header className="meeting-panel__head">
        <h3>
          Poll #{poll.id} · {poll.environment} · {open ? 'open' : 'closed'}
        </h3>
        <span className="muted">
          opened {formatClock(poll.openedAt)} by {poll.openedBy}
          {poll.closedAt !== null && ` · closed ${formatClock(poll.closedAt)} by ${poll.closedBy ?? ''}`}
        </span>
      </header>
      <p className="poll-tally" data-testid="poll-tally">
        <VoteMark choice="GO" /> {poll.tally.GO} <VoteMark choice="NO-GO" /> {poll.tally['NO-GO']} <VoteMark choice="HOLD" /> {poll.tally.HOLD}
        {poll.tally.missing.length > 0 && <span className="muted"> · waiting for {poll.tally.missing.join(', ')}</span>}
      </p>
      <table className="meeting-table" data-testid="poll-votes">
        <thead>
          <tr>
            <th>Role</th>
            <th>Vote</th>
            <th>Voter</th>
            <th>Board seen</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {poll.roles.map((r) => {
            const v = poll.votes.find((x) => x.role === r);
            return (
              <tr key={r} data-testid={`poll-role-${r}`}>
                <td>{r}</td>
                <td>
                  <VoteMark choice={v?.choice ?? null} />
                </td>
                <td>{v?.voter ?? ''}</td>
                <td>{v ? `${v.seen.score} % ${v.seen.verdict} (as of ${formatClock(v.seen.asOf)})` : ''}</td>
                <td>{v?.reason ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {operator && open && (
        <form className="vote-form" data-testid="vote-form" onSubmit={(e) => void vote(e)}>
          <label className="field">
            <span className="field__label">Role</span>
            <select className="input" value={role} onChange={(e) => setRole(e.target.value)} data-testid="vote-role">
              {poll.roles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">Voter</span>
            <input className="input" value={voter} maxLength={60} onChange={(e) => setVoter(e.target.value)} data-testid="vote-voter" />
          </label>
          <fieldset className="vote-choices">
            <legend className="field__label">Vote</legend>
            {VOTE_CHOICES.map((c) => (
              <button
                key={c}
                type="button"
                className={`button vote-choice${choice === c ? ' vote-choice--chosen' : ''}`}
                aria-pressed={choice === c}
                onClick={() => setChoice(c)}
                data-testid={`vote-choice-${c}`}
              >
                <VoteMark choice={c} />
              </button>
            ))}
          </fieldset>
          <label className="field field--text">
            <span className="field__label">Reason{choice === 'NO-GO' ? ' (required for NO-GO)' : ''}</span>
            <textarea className="input" rows={2} value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} data-testid="vote-reason" />
          </label>
          <div className="meeting-actions">
            <button className="button button--primary" type="submit" disabled={busy || !choice || (choice === 'NO-GO' && !reason.trim())} data-testid="vote-submit">
              Cast vote
            </button>
            <button className="button" type="button" onClick={() => void close()} data-testid="poll-close">
              Close poll
            </button>
          </div>
        </form>
      )}
      <RefusalNote refusal={refusal} testId="poll-error" />
    </section>
  );
}
