/** Recent runs, newest first: a row per run with its state; a click opens its panel. Older ones load on demand. */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useClient } from '../../api/client-context.js';
import { formatDateTime, formatRangeTime } from '../../lib/time.js';
import { useNow } from '../../lib/use-now.js';
import { addRuns, openRun } from '../../stores/store-updates.js';
import { runsNewestFirst } from '../../stores/slices/actions.js';
import { useAppStore } from '../../stores/store.js';
import { describeCallError } from '../common/call-problem.js';
import { paramsSummary } from './action-params.js';
import { recoveredNote, runDurationMs } from './run-format.js';
import { RunStateMark } from './RunStateMark.js';
import { formatCompactDuration } from '../../../shared/format/durations.js';

const PAGE = 50;

export function RunsList({ openId }: { openId: number | null }) {
  const client = useClient();
  const runs = useAppStore(useShallow((s) => runsNewestFirst(s.actions.runs)));
  const actions = useAppStore((s) => s.actions.actions);
  const now = useNow(1000, runs.some((run) => run.state === 'running'));
  const [older, setOlder] = useState<{ busy: boolean; done: boolean; error: string | null }>({ busy: false, done: false, error: null });

  const loadOlder = async () => {
    const oldest = runs[runs.length - 1];
    if (!oldest || older.busy) return;
    setOlder({ busy: true, done: false, error: null });
    try {
      const page = await client.call('actions.listRuns', { limit: PAGE, beforeId: oldest.id });
      addRuns(page);
      setOlder({ busy: false, done: page.length < PAGE, error: null });
    } catch (error) {
      const problem = describeCallError('Loading older runs', error);
      setOlder({ busy: false, done: false, error: [problem.title, ...problem.details].join(': ') });
    }
  };

  return (
    <section className="panel runs" aria-labelledby="runs-title">
      <header className="runs__head">
        <h3 id="runs-title">Recent runs</h3>
      </header>
      {runs.length === 0 ? (
        <p className="muted runs__empty" data-testid="runs-empty">
          No runs yet.
        </p>
      ) : (
        <ol className="runs__list" data-testid="runs-list">
          {runs.map((run) => {
            const action = actions.find((a) => a.id === run.actionId);
            const duration = runDurationMs(run, now);
            const params = paramsSummary(action, run.params);
            return (
              <li key={run.id}>
                <button
                  type="button"
                  className={`run-row${run.id === openId ? ' run-row--open' : ''}`}
                  aria-current={run.id === openId ? 'true' : undefined}
                  onClick={() => openRun(run.id)}
                  data-testid={`run-row-${run.id}`}
                  data-state={run.state}
                >
                  <RunStateMark state={run.state} size="sm" />
                  <span className="run-row__what">
                    <strong>{action?.label ?? run.actionId}</strong>
                    {params && <span className="run-row__params"> {params}</span>}
                    {run.dryRun && <span className="chip chip--warn">dry run</span>}
                    {recoveredNote(run) && (
                      <span className="chip chip--warn" title={recoveredNote(run) ?? undefined} data-testid="run-row-recovered">
                        started before the restart
                      </span>
                    )}
                  </span>
                  <span className="run-row__who muted">{run.actor}</span>
                  <time className="run-row__time" dateTime={new Date(run.requestedAt).toISOString()} title={formatDateTime(run.requestedAt)}>
                    {formatRangeTime(run.requestedAt, Math.max(0, now - run.requestedAt))}
                  </time>
                  <span className="run-row__duration muted">{duration === null ? '—' : formatCompactDuration(duration)}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
      {runs.length >= PAGE && !older.done && (
        <button type="button" className="button button--small runs__older" disabled={older.busy} onClick={() => void loadOlder()} data-testid="runs-older">
          {older.busy ? 'Loading…' : 'Show older runs'}
        </button>
      )}
      {older.error && (
        <p className="form-error form-error--compact" role="alert">
          {older.error}
        </p>
      )}
    </section>
  );
}
