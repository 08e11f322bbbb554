/**
 * One criterion: its state (colour, shape, word), what it asks, why it is not met, the evidence
 * behind it and any waiver. Operators sign off manual criteria and waive or revoke; viewers read.
 */
import type { CriterionEvaluation } from '../../../shared/domain/board.js';
import { formatDateTime } from '../../lib/time.js';
import { Icon } from '../common/Icon.js';
import { CATEGORY_LABELS } from './board-marks.js';
import { CriterionStateMark } from './CriterionStateMark.js';
import { EvidenceList } from './EvidenceList.js';

export type CriterionMove = 'signoff' | 'waive' | 'revoke';

export const criterionAnchor = (id: string) => `criterion-${id}`;

/** Points of the total: one decimal at most ("7.5", "30"). */
const points = (value: number) => String(Math.round(value * 10) / 10);

/** Which moves an operator has on this criterion (the core refuses the rest anyway). */
export function movesFor(criterion: CriterionEvaluation): CriterionMove[] {
  const moves: CriterionMove[] = [];
  if (criterion.kind === 'manual') moves.push('signoff');
  if (criterion.waiver) moves.push('revoke');
  else if (criterion.evidenceState !== 'met' && !criterion.hardBlocker) moves.push('waive');
  return moves;
}

function Waiver({ criterion }: { criterion: CriterionEvaluation }) {
  const waiver = criterion.waiver;
  if (!waiver) return null;
  return (
    <p className="criterion__waiver" data-testid="criterion-waiver">
      <Icon name="flag" />
      <span>
        Waived by <strong>{waiver.owner}</strong> until <strong>{formatDateTime(waiver.expiresAt)}</strong>: {waiver.reason}
      </span>
    </p>
  );
}

export function CriterionCard({ criterion, asOf, operator, onMove }: { criterion: CriterionEvaluation; asOf: number; operator: boolean; onMove: (move: CriterionMove, criterion: CriterionEvaluation) => void }) {
  const moves = operator ? movesFor(criterion) : [];
  const met = criterion.evidenceState === 'met';
  return (
    <article
      id={criterionAnchor(criterion.id)}
      className={`criterion criterion--${criterion.state}${criterion.hardBlocker ? ' criterion--blocker' : ''}`}
      data-testid={`criterion-${criterion.id}`}
      data-state={criterion.state}
      aria-label={criterion.title}
    >
      <header className="criterion__head">
        <CriterionStateMark state={criterion.state} />
        <h4 className="criterion__title">{criterion.title}</h4>
        <span className="criterion__chips">
          {criterion.hardBlocker && <span className="chip chip--bad">hard blocker</span>}
          <span className="chip">{CATEGORY_LABELS[criterion.category]}</span>
          <span className="chip" title="Points of the total score it gives when met or waived">
            {points(criterion.points)} pts
          </span>
          <span className="chip chip--muted">{criterion.kind === 'manual' ? 'sign-off' : 'automatic'}</span>
        </span>
      </header>
      <p className="criterion__asks">{criterion.asks}</p>
      {criterion.why && (
        <p className="criterion__why" data-testid="criterion-why">
          <Icon name={criterion.state === 'stale' ? 'hourglass' : criterion.state === 'waived' ? 'flag' : 'warning'} />
          {criterion.why}
        </p>
      )}
      <EvidenceList evidence={criterion.evidence} asOf={asOf} />
      <Waiver criterion={criterion} />
      {moves.length > 0 && (
        <div className="button-row criterion__moves">
          {moves.includes('signoff') && (
            // Met: a renewal, not a call to action, so it stays quiet on the wall.
            <button type="button" className={`button button--small${met ? '' : ' button--primary'}`} onClick={() => onMove('signoff', criterion)} data-testid={`signoff-${criterion.id}`}>
              <Icon name="pen" />
              {met ? 'Sign off again' : 'Sign off'}
            </button>
          )}
          {moves.includes('waive') && (
            <button type="button" className="button button--small" onClick={() => onMove('waive', criterion)} data-testid={`waive-${criterion.id}`}>
              <Icon name="flag" />
              Waive…
            </button>
          )}
          {moves.includes('revoke') && (
            <button type="button" className="button button--small" onClick={() => onMove('revoke', criterion)} data-testid={`revoke-${criterion.id}`}>
              <Icon name="close" />
              Revoke waiver…
            </button>
          )}
        </div>
      )}
    </article>
  );
}
