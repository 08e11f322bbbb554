/** Sign off a manual criterion: who (remembered on this machine), a note, an optional attachment link; confirmed before it is recorded. */
import { useState } from 'react';
import type { CriterionEvaluation } from '../../../shared/domain/board.js';
import { useClient } from '../../api/client-context.js';
import { readOperatorName, rememberOperatorName } from '../../lib/operator-name.js';
import { BoardDialog } from './BoardDialog.js';

export function SignoffDialog({ criterion, onClose }: { criterion: CriterionEvaluation; onClose: () => void }) {
  const client = useClient();
  const [by, setBy] = useState(readOperatorName);
  const [note, setNote] = useState('');
  const [link, setLink] = useState('');
  const problems = by.trim() === '' ? ['Say who signs off (name and role).'] : [];

  const submit = async () => {
    await client.call('board.signoff', {
      criterionId: criterion.id,
      by: by.trim(),
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(link.trim() ? { link: link.trim() } : {}),
    });
    rememberOperatorName(by);
  };

  return (
    <BoardDialog
      criterion={criterion}
      testId="signoff-dialog"
      icon="pen"
      title="Sign off"
      what="Sign-off"
      confirmLabel="Confirm sign-off"
      problems={problems}
      submit={submit}
      onClose={onClose}
      fields={
        <>
          <label className="field">
            <span className="field__label">Signed off by (name, role)</span>
            <input className="input" value={by} maxLength={60} autoComplete="name" onChange={(e) => setBy(e.target.value)} data-testid="signoff-by" />
          </label>
          <label className="field">
            <span className="field__label">Note</span>
            <textarea className="input board-dialog__text" value={note} maxLength={2000} rows={3} onChange={(e) => setNote(e.target.value)} data-testid="signoff-note" placeholder="What was checked, where, with whom" />
          </label>
          <label className="field">
            <span className="field__label">Attachment link (optional)</span>
            <input className="input" value={link} maxLength={2000} onChange={(e) => setLink(e.target.value)} data-testid="signoff-link" placeholder="https://… or a path the team can open (minutes, training record)" />
          </label>
        </>
      }
      summary={
        <>
          <dl className="board-dialog__what">
            <div>
              <dt>Signed off by</dt>
              <dd>
                <strong>{by.trim()}</strong>
              </dd>
            </div>
            <div>
              <dt>Note</dt>
              <dd>{note.trim() || <span className="muted">none</span>}</dd>
            </div>
            <div>
              <dt>Attachment</dt>
              <dd>{link.trim() || <span className="muted">none</span>}</dd>
            </div>
          </dl>
          <p className="board-dialog__note">Recorded now in the audit trail; the criterion counts as met until the sign-off grows older than its maximum age.</p>
        </>
      }
    />
  );
}
