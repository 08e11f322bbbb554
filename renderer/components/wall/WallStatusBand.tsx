/**
 * The band across the top of the wall when what it shows is not live: DISCONNECTED (the core is
 * unreachable: nothing on screen can be trusted), STALE (connected, but no update for a while),
 * CONNECTING, or REPLAY (a past moment on purpose). Colour, icon and a word, never colour alone.
 */
import { memo } from 'react';
import { replayMoment } from '../../lib/replay-moment.js';
import { formatClock, formatDateTime } from '../../lib/time.js';
import type { IndicatorState } from '../../stores/selectors.js';
import { useAppStore } from '../../stores/store.js';
import { Icon } from '../common/Icon.js';
import type { IconName } from '../common/Icon.js';

interface Band {
  tone: 'bad' | 'warn' | 'replay' | 'unknown';
  icon: IconName;
  word: string;
}

function WallStatusBandView({ link }: { link: IndicatorState | 'lost' }) {
  const lastEventAt = useAppStore((s) => s.connection.lastEventAt);
  const replay = useAppStore((s) => s.replay);
  const last = lastEventAt === null ? 'no update received yet' : `last update ${formatClock(lastEventAt)}`;
  let band: (Band & { detail: string }) | null = null;
  if (link === 'lost') band = { tone: 'bad', icon: 'offline', word: 'DISCONNECTED', detail: `${last} — reconnecting…` };
  else if (link === 'unauthorized') band = { tone: 'bad', icon: 'key', word: 'TOKEN REQUIRED', detail: last };
  else if (link === 'reload') band = { tone: 'bad', icon: 'warning', word: 'RELOAD NEEDED', detail: 'the server runs another version' };
  else if (link === 'stale') band = { tone: 'warn', icon: 'pause', word: 'STALE', detail: last };
  else if (link === 'connecting') band = { tone: 'unknown', icon: 'reload', word: 'CONNECTING', detail: last };
  else if (replay.asOf !== null) {
    const { shownAt, note } = replayMoment(replay);
    const word = `REPLAY ${formatClock(shownAt ?? replay.asOf).slice(0, 5)}`;
    const detail = shownAt === null ? `${note} — not live` : `as it was at ${formatDateTime(shownAt)} — not live${note ? `; ${note}` : ''}`;
    band = { tone: 'replay', icon: 'rollback', word, detail };
  }
  if (!band) return null;
  return (
    <div className={`wall-band wall-band--${band.tone}`} data-testid="wall-band" data-band={band.word.split(' ')[0]} role="alert">
      <Icon name={band.icon} className="wall-band__icon" />
      <strong className="wall-band__word">{band.word}</strong>
      <span className="wall-band__detail">{band.detail}</span>
    </div>
  );
}

/** Memoised: the wall re-renders for every service's news; this is drawn again only when its props change. */
export const WallStatusBand = memo(WallStatusBandView);
