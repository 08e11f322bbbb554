/** Actions running now (or, in a replay, the runs that were running then), one line each. */
import { memo } from 'react';
import type { RunAt } from '../../../shared/domain/replay.js';
import { formatClock } from '../../lib/time.js';
import { useAppStore } from '../../stores/store.js';
import type { AppState } from '../../stores/store.js';
import { Icon } from '../common/Icon.js';
import { useShallow } from 'zustand/react/shallow';

const SHOWN = 4;

/** The running runs themselves (stable references, so useShallow can compare them). */
const runningRuns = (state: AppState) => Object.values(state.actions.runs).filter((run) => run.state === 'running');

function WallRunningView({ replayed }: { replayed: readonly RunAt[] | null }) {
  const running = useAppStore(useShallow(runningRuns));
  const runs =
    replayed ??
    running
      .map((run): RunAt => ({ kind: 'action-run', id: run.id, name: run.actionId, actor: run.actor, startedAt: run.startedAt ?? run.requestedAt }))
      .sort((a, b) => b.startedAt - a.startedAt);
  return (
    <section className="wall-panel wall-running" data-testid="wall-running" aria-label="Running actions">
      <h2 className="wall-panel__title">
        <Icon name="play" />
        {replayed ? 'Running then' : 'Actions running'}
      </h2>
      {runs.length === 0 ? (
        <p className="wall-panel__empty">none</p>
      ) : (
        <ul className="wall-running__list">
          {runs.slice(0, SHOWN).map((run) => (
            <li key={`${run.kind}-${run.id}`} className="wall-running__run" data-testid={`wall-run-${run.kind}-${run.id}`}>
              <strong>{run.kind === 'load-run' ? `load ${run.name}` : run.name}</strong> <span className="muted">{run.actor} · since {formatClock(run.startedAt).slice(0, 5)}</span>
            </li>
          ))}
          {runs.length > SHOWN && <li className="wall-running__run muted">+{runs.length - SHOWN} more</li>}
        </ul>
      )}
    </section>
  );
}

/** Memoised: it follows the store itself, so the wall re-rendering for other news (its props unchanged) does not redraw it. */
export const WallRunning = memo(WallRunningView);
