/** The last changes, newest first: time, a shape for the kind and tone, and a short line. */
import { memo } from 'react';
import { formatClock } from '../../lib/time.js';
import type { TickerEntry, TickerKind, TickerTone } from '../../stores/slices/ticker.js';
import { useAppStore } from '../../stores/store.js';
import { Icon } from '../common/Icon.js';
import type { IconName } from '../common/Icon.js';

const KIND_ICONS: Record<TickerKind, IconName> = {
  health: 'probe',
  verdict: 'flag',
  load: 'bolt',
  action: 'play',
  scan: 'shield',
  drill: 'reload',
  decision: 'pen',
  alert: 'bell',
};
const TONE_ICONS: Partial<Record<TickerTone, IconName>> = { bad: 'cross', warn: 'warning', ok: 'check' };

/** Lines shown: the panel clips what does not fit, so this only bounds the DOM. */
const SHOWN = 12;

function WallTickerView({ until }: { until: number | null }) {
  const ticker = useAppStore((s) => s.ticker);
  const entries: TickerEntry[] = (until === null ? ticker : ticker.filter((entry) => entry.at <= until)).slice(0, SHOWN);
  return (
    <section className="wall-panel wall-ticker" data-testid="wall-ticker" aria-label="Last changes">
      <h2 className="wall-panel__title">
        <Icon name="bell" />
        Last changes
      </h2>
      {entries.length === 0 ? (
        <p className="wall-panel__empty">nothing yet</p>
      ) : (
        <ol className="wall-ticker__list">
          {entries.map((entry) => (
            <li key={entry.key} className={`wall-ticker__entry wall-ticker__entry--${entry.tone}`} data-kind={entry.kind} data-tone={entry.tone}>
              <time className="wall-ticker__at">{formatClock(entry.at).slice(0, 5)}</time>
              <Icon name={TONE_ICONS[entry.tone] ?? KIND_ICONS[entry.kind]} className="wall-ticker__icon" />
              <span className="wall-ticker__text">{entry.text}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Memoised: it follows the store itself, so the wall re-rendering for other news (its props unchanged) does not redraw it. */
export const WallTicker = memo(WallTickerView);
