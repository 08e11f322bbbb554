/**
 * The criteria by group (technical, operational, business) in the config's order, each with its
 * state and evidence, and the one dialog an operator's move opens (sign off, waive, revoke).
 */
import { useCallback, useState } from 'react';
import { CriterionGroupSchema } from '../../../shared/domain/board-config.js';
import type { BoardEvaluation, CriterionEvaluation } from '../../../shared/domain/board.js';
import { useServerNow } from '../../lib/use-now.js';
import { useAppStore } from '../../stores/store.js';
import { GROUP_LABELS } from './board-marks.js';
import { CriterionCard } from './CriterionCard.js';
import type { CriterionMove } from './CriterionCard.js';
import { RevokeWaiverDialog } from './RevokeWaiverDialog.js';
import { SignoffDialog } from './SignoffDialog.js';
import { WaiveDialog } from './WaiveDialog.js';

const counted = (c: CriterionEvaluation) => c.state === 'met' || c.state === 'waived';

function MoveDialog({ move, criterion, onClose }: { move: CriterionMove; criterion: CriterionEvaluation; onClose: () => void }) {
  const now = useServerNow(60_000);
  switch (move) {
    case 'signoff':
      return <SignoffDialog criterion={criterion} onClose={onClose} />;
    case 'waive':
      return <WaiveDialog criterion={criterion} now={now} onClose={onClose} />;
    case 'revoke':
      return <RevokeWaiverDialog criterion={criterion} onClose={onClose} />;
  }
}

/** `readOnly`: a replayed board, whose moves would act on the present: none are offered. */
export function CriteriaGroups({ board, readOnly = false }: { board: BoardEvaluation; readOnly?: boolean }) {
  const operator = useAppStore((s) => s.connection.role === 'operator') && !readOnly;
  const [open, setOpen] = useState<{ move: CriterionMove; criterionId: string } | null>(null);
  const close = useCallback(() => setOpen(null), []);
  const onMove = useCallback((move: CriterionMove, criterion: CriterionEvaluation) => setOpen({ move, criterionId: criterion.id }), []);
  // The dialog follows the live evaluation of its criterion (a waiver may expire meanwhile).
  const dialogCriterion = open ? board.criteria.find((c) => c.id === open.criterionId) : undefined;
  return (
    <section className="board-criteria" data-testid="board-criteria" aria-label="Criteria">
      {CriterionGroupSchema.options.map((group) => {
        const criteria = board.criteria.filter((c) => c.group === group);
        if (criteria.length === 0) return null;
        return (
          <div key={group} className="criteria-group" data-testid={`criteria-${group}`}>
            <h3 className="criteria-group__title">
              {GROUP_LABELS[group]}
              <span className="criteria-group__count">
                {criteria.filter(counted).length} of {criteria.length} met
              </span>
            </h3>
            <div className="criteria-group__list">
              {criteria.map((criterion) => (
                <CriterionCard key={criterion.id} criterion={criterion} asOf={board.asOf} operator={operator} onMove={onMove} />
              ))}
            </div>
          </div>
        );
      })}
      {open && dialogCriterion && operator && <MoveDialog move={open.move} criterion={dialogCriterion} onClose={close} />}
    </section>
  );
}
