/** A vote or verdict in colour, shape and word (never colour alone): ● GO, ■ NO-GO, ▲ HOLD. */
import type { VoteChoice } from '../../../shared/domain/meeting.js';

const SHAPE: Record<VoteChoice, string> = { GO: '●', 'NO-GO': '■', HOLD: '▲' };
const CLASS: Record<VoteChoice, string> = { GO: 'go', 'NO-GO': 'nogo', HOLD: 'hold' };

export function VoteMark({ choice, large = false }: { choice: VoteChoice | null; large?: boolean }) {
  if (choice === null) {
    return (
      <span className={`vote-mark vote-mark--none${large ? ' vote-mark--large' : ''}`} data-testid="vote-mark">
        <span aria-hidden="true">○</span> not voted
      </span>
    );
  }
  return (
    <span className={`vote-mark vote-mark--${CLASS[choice]}${large ? ' vote-mark--large' : ''}`} data-testid="vote-mark">
      <span aria-hidden="true">{SHAPE[choice]}</span> {choice}
    </span>
  );
}
