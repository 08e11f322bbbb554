/** End a waiver before its expiry: the criterion counts again at once; confirmed, then recorded. */
import { useState } from 'react';
import type { CriterionEvaluation } from '../../../shared/domain/board.js';
import { useClient } from '../../api/client-context.js';
import { readOperatorName, rememberOperatorName } from '../../lib/operator-name.js';
import { formatDateTime } from '../../lib/time.js';
import { BoardDialog } from './BoardDialog.js';

export function RevokeWaiverDialog({ criterion, onClose }: { criterion: CriterionEvaluation; onClose: () => void }) {
  const client = useClient();
  const [by, setBy] = useState(readOperatorName);
  const waiver = criterion.waiver;
  const problems = by.trim() === '' ? ['Say who revokes the waiver.'] : [];

  const submit = async () => {
    if (!waiver) return;
    await client.call('board.revokeWaiver', { waiverId: waiver.id, by: by.trim() });
    rememberOperatorName(by);
  };

  return (
    <BoardDialog
      criterion={criterion}
      testId="revoke-dialog"
      icon="close"
      title="Revoke the waiver"
      what="Revoking the waiver"
      confirmLabel="Confirm: revoke"
      problems={problems}
      submit={submit}
      onClose={onClose}
      fields={
        <label className="field">
          <span className="field__label">Revoked by</span>
          <input className="input" value={by} maxLength={60} autoComplete="name" onChange={(e) => setBy(e.target.value)} data-testid="revoke-by" />
        </label>
      }
      summary={
        <>
          <dl className="board-dialog__what">
            {waiver && (
              <div>
                <dt>Waiver</dt>
                <dd>
                  by <strong>{waiver.owner}</strong> until {formatDateTime(waiver.expiresAt)}: {waiver.reason}
                </dd>
              </div>
            )}
            <div>
              <dt>Revoked by</dt>
              <dd>
                <strong>{by.trim()}</strong>
              </dd>
            </div>
          </dl>
          <p className="board-dialog__note">The criterion counts again at once; recorded in the audit trail.</p>
        </>
      }
    />
  );
}
