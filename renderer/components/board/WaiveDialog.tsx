/** Waive a criterion that is not met: owner, reason, expiry day; confirmed before it is recorded. Hard blockers are never offered. */
import type { CriterionEvaluation } from '../../../shared/domain/board.js';
import { useClient } from '../../api/client-context.js';
import { readOperatorName, rememberOperatorName } from '../../lib/operator-name.js';
import { formatDateTime } from '../../lib/time.js';
import { BoardDialog } from './BoardDialog.js';
import { useWaiverForm, WaiverFields } from './WaiverFields.js';

export function WaiveDialog({ criterion, now, onClose }: { criterion: CriterionEvaluation; now: number; onClose: () => void }) {
  const client = useClient();
  const form = useWaiverForm(now, readOperatorName);
  const { owner: by, reason, expiresAt } = form;
  const problems: string[] = [];
  if (by.trim() === '') problems.push('Say who owns the waiver.');
  if (reason.trim() === '') problems.push('Give the reason the launch can go without it.');
  if (expiresAt === null) problems.push('Choose the last day the waiver stands.');
  else if (expiresAt <= now) problems.push('The expiry day is over already: choose today or later.');

  const submit = async () => {
    if (expiresAt === null) return;
    await client.call('board.waive', { criterionId: criterion.id, by: by.trim(), reason: reason.trim(), expiresAt });
    rememberOperatorName(by);
  };

  return (
    <BoardDialog
      criterion={criterion}
      testId="waive-dialog"
      icon="flag"
      title="Waive"
      what="Waiver"
      confirmLabel="Confirm waiver"
      problems={problems}
      submit={submit}
      onClose={onClose}
      fields={<WaiverFields form={form} now={now} testIds={{ owner: 'waive-by', reason: 'waive-reason', expires: 'waive-expires' }} reasonPlaceholder="Why the launch can go without it, and what covers the risk" />}
      summary={
        <>
          <dl className="board-dialog__what">
            <div>
              <dt>Owner</dt>
              <dd>
                <strong>{by.trim()}</strong>
              </dd>
            </div>
            <div>
              <dt>Reason</dt>
              <dd>{reason.trim()}</dd>
            </div>
            <div>
              <dt>Counts again</dt>
              <dd data-testid="waive-summary-expiry">{expiresAt === null ? '—' : formatDateTime(expiresAt)}</dd>
            </div>
          </dl>
          <p className="board-dialog__note">The criterion scores as met until then (&quot;GO with waivers&quot;); recorded in the audit trail.</p>
        </>
      }
    />
  );
}
