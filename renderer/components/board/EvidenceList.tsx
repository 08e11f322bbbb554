/** What stands behind a criterion: each piece of evidence with what, when (and how old at evaluation), by whom, and a link to it. */
import type { Evidence } from '../../../shared/domain/board.js';
import { formatDuration } from '../../../shared/format/durations.js';
import { formatDateTime } from '../../lib/time.js';
import { EvidenceLink } from './EvidenceLink.js';

export function EvidenceList({ evidence, asOf }: { evidence: readonly Evidence[]; asOf: number }) {
  if (evidence.length === 0) {
    return (
      <p className="evidence evidence--none muted" data-testid="evidence-none">
        No evidence stored yet.
      </p>
    );
  }
  return (
    <ul className="evidence" data-testid="evidence">
      {evidence.map((item, index) => (
        <li key={`${item.link?.kind ?? 'none'}-${item.link?.id ?? index}-${item.at ?? ''}`} className="evidence__item" data-testid="evidence-item">
          <span className="evidence__what">{item.what}</span>
          {item.at !== null && (
            <time className="evidence__when" dateTime={new Date(item.at).toISOString()} title={formatDateTime(item.at)}>
              {formatDateTime(item.at)} <span className="muted">({formatDuration(Math.max(0, asOf - item.at))} ago)</span>
            </time>
          )}
          {item.by !== null && <span className="evidence__by">by {item.by}</span>}
          {item.link && <EvidenceLink link={item.link} />}
        </li>
      ))}
    </ul>
  );
}
