/**
 * The replay scrubber, on the board and the wall: "what did we see at 14:02?". A slider over the
 * last 7 days (a minute a step), steps back and forth, a field for an exact time, and Live. Every
 * control is a visible button or field: nothing hides behind hover.
 */
import { memo, useState } from 'react';
import { REPLAY_WINDOW_MS } from '../../../shared/domain/replay.js';
import { useClient } from '../../api/client-context.js';
import { formatDateTime } from '../../lib/time.js';
import { useServerNow } from '../../lib/use-now.js';
import { goLive, showReplay } from '../../stores/replay-actions.js';
import { useAppStore } from '../../stores/store.js';
import { Icon } from '../common/Icon.js';

const MINUTE = 60_000;
const STEPS = [
  { label: '−1 h', ms: -60 * MINUTE },
  { label: '−5 min', ms: -5 * MINUTE },
  { label: '+5 min', ms: 5 * MINUTE },
  { label: '+1 h', ms: 60 * MINUTE },
] as const;

const pad = (n: number) => String(n).padStart(2, '0');
/** The value a datetime-local field shows for an epoch ms (local time, to the second). */
export function toLocalInput(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `at` within the replay window ending at `now`. */
function clampTo(at: number, now: number): number {
  return Math.min(now, Math.max(now - REPLAY_WINDOW_MS + MINUTE, Math.round(at)));
}

function ReplayBarView({ variant }: { variant: 'board' | 'wall' }) {
  const client = useClient();
  const replay = useAppStore((s) => s.replay);
  // The slider's right end moves with time; a minute's precision is all it has.
  const now = useServerNow(30_000);
  const min = now - REPLAY_WINDOW_MS + MINUTE;
  const [typed, setTyped] = useState('');
  // A move is clamped against the core's clock at that moment (`now` above is up to 30 s old).
  const go = (at: number) => void showReplay(client, clampTo(at, Date.now() + useAppStore.getState().serverOffsetMs));
  const shown = replay.asOf ?? now;
  const replaying = replay.asOf !== null;
  return (
    <section
      className={`replay-bar replay-bar--${variant}${replaying ? ' replay-bar--on' : ''}`}
      data-testid="replay-bar"
      data-replay-at={replay.asOf ?? ''}
      data-loading={replay.loading}
      aria-label="Replay"
    >
      <span className="replay-bar__label">
        <Icon name="rollback" />
        {replaying ? `Replay ${formatDateTime(replay.asOf ?? now).slice(5, 16)}` : 'Replay'}
      </span>
      <input
        type="range"
        className="replay-bar__slider"
        data-testid="replay-slider"
        aria-label="Moment to replay, over the last 7 days"
        min={min}
        max={now}
        step={MINUTE}
        value={clampTo(shown, now)}
        onChange={(event) => go(Number(event.target.value))}
      />
      {STEPS.map((step) => (
        <button key={step.label} type="button" className="replay-bar__step" data-testid={`replay-step-${step.ms}`} onClick={() => go(shown + step.ms)}>
          {step.label}
        </button>
      ))}
      <form
        className="replay-bar__at"
        // The core says what it cannot replay (replay-error); the browser's min/max check would only block silently.
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          // What the field shows: typed, or the moment shown when nothing was typed (a time typed
          // equal to the one shown fires no change, and must still be taken).
          const at = new Date(typed || toLocalInput(shown)).getTime();
          if (Number.isFinite(at)) go(at);
        }}
      >
        <input
          type="datetime-local"
          step={1}
          data-testid="replay-time"
          aria-label="Replay the board at"
          value={typed || toLocalInput(shown)}
          min={toLocalInput(min)}
          max={toLocalInput(now)}
          onChange={(event) => setTyped(event.target.value)}
        />
        <button type="submit" data-testid="replay-go">
          Show
        </button>
      </form>
      <button type="button" className="replay-bar__live" data-testid="replay-live" disabled={!replaying} onClick={() => goLive()}>
        <Icon name="live" />
        Live
      </button>
      {replay.error && (
        // Clamped on the wall: the title keeps the whole of it.
        <span className="replay-bar__error" role="alert" data-testid="replay-error" title={replay.error}>
          {replay.error}
        </span>
      )}
    </section>
  );
}

/** Memoised: it follows the store itself, so the wall re-rendering for other news does not redraw it. */
export const ReplayBar = memo(ReplayBarView);
