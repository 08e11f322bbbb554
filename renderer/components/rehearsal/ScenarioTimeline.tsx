/**
 * The running (or last) scenario on a horizontal time axis: a numbered marker per step at its
 * offset, coloured and shaped by its state, and a "now" cursor that follows the core's clock at the
 * scenario's speed. The numbered list below gives each step's words.
 */
import type { PlatformStatus, ScenarioRun } from '../../../shared/domain/rehearsal.js';
import { formatClock, formatDateTime } from '../../lib/time.js';
import { useServerNow } from '../../lib/use-now.js';
import { Icon } from '../common/Icon.js';
import type { IconName } from '../common/Icon.js';
import { formatOffset } from '../../../shared/format/durations.js';

type StepState = ScenarioRun['steps'][number]['state'];

const STEP_LOOK: Record<StepState, { icon: IconName; word: string; status: string }> = {
  pending: { icon: 'pending', word: 'pending', status: 'unknown' },
  done: { icon: 'check', word: 'done', status: 'ok' },
  failed: { icon: 'cross', word: 'failed', status: 'down' },
};

const TICK_STEPS_MS = [5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];
const MAX_TICKS = 8;
/** Markers closer than this (in % of the axis) go on separate lanes, so none hides another. */
const MIN_GAP_PCT = 4;

/** The axis: round ticks, ending one tick after the last step so its marker is not on the edge. */
export function timelineScale(lastMs: number): { endMs: number; tickMs: number } {
  const span = Math.max(lastMs, 10_000);
  const tickMs = TICK_STEPS_MS.find((t) => span / t <= MAX_TICKS) ?? 3_600_000 * Math.ceil(span / (MAX_TICKS * 3_600_000));
  return { endMs: (Math.floor(span / tickMs) + 1) * tickMs, tickMs };
}

/** Scenario time played so far: the core's now minus the start, times the speed; null once it ended. */
export function scenarioElapsedMs(run: ScenarioRun, serverNow: number): number | null {
  if (run.state !== 'running') return null;
  return Math.max(0, (serverNow - run.startedAt) * run.speed);
}

/** Lane (row) of each marker: the first lane whose previous marker is far enough to the left. */
function lanes(positions: number[]): number[] {
  const lastInLane: number[] = [];
  return positions.map((pos) => {
    let lane = lastInLane.findIndex((last) => pos - last >= MIN_GAP_PCT);
    if (lane === -1) lane = lastInLane.length;
    lastInLane[lane] = pos;
    return lane;
  });
}

function RunState({ run }: { run: ScenarioRun }) {
  switch (run.state) {
    case 'running':
      return (
        <span className="status status--ok status--lg" data-status="ok">
          <Icon name="play" />
          <span className="status__word">Playing at {run.speed}×</span>
        </span>
      );
    case 'finished':
      return (
        <span className="status status--ok status--lg" data-status="ok">
          <Icon name="check" />
          <span className="status__word">Finished</span>
        </span>
      );
    case 'stopped':
      return (
        <span className="status status--unknown status--lg" data-status="unknown">
          <Icon name="stop" />
          <span className="status__word">Stopped</span>
        </span>
      );
  }
}

export function ScenarioTimeline({ run, catalog }: { run: ScenarioRun; catalog: PlatformStatus['scenarios'] }) {
  const lastStepMs = Math.max(0, ...run.steps.map((step) => step.atMs));
  const durationMs = Math.max(lastStepMs, catalog.find((s) => s.name === run.name)?.durationMs ?? 0);
  const { endMs, tickMs } = timelineScale(durationMs);
  const running = run.state === 'running';
  // Fast enough for the cursor to glide at 60×, slow enough to cost nothing at 1×.
  const tickEvery = Math.min(1000, Math.max(100, endMs / Math.max(run.speed, 0.1) / 600));
  const serverNow = useServerNow(tickEvery, running);
  const elapsed = scenarioElapsedMs(run, serverNow);
  const pct = (ms: number) => Math.min(100, (ms / endMs) * 100);
  const order = run.steps.map((step, index) => ({ step, index })).sort((a, b) => a.step.atMs - b.step.atMs || a.index - b.index);
  const laneOf = new Map<number, number>();
  lanes(order.map(({ step }) => pct(step.atMs))).forEach((lane, i) => laneOf.set(order[i]!.index, lane));
  const laneCount = Math.max(1, ...[...laneOf.values()].map((lane) => lane + 1));
  const ticks = Array.from({ length: Math.floor(endMs / tickMs) + 1 }, (_, i) => i * tickMs);
  const done = run.steps.filter((step) => step.state === 'done').length;
  const failed = run.steps.filter((step) => step.state === 'failed').length;

  return (
    <section className="panel rehearsal-panel timeline" data-testid="scenario-timeline" data-state={run.state} data-scenario={run.name}>
      <header className="rehearsal-panel__head">
        <h3 className="rehearsal-panel__title">
          <span className="muted">Scenario</span> {run.title}
        </h3>
        <RunState run={run} />
        <span className="timeline__summary">
          {elapsed !== null && (
            <>
              <strong className="timeline__elapsed" data-testid="timeline-elapsed">
                {formatOffset(elapsed)}
              </strong> of {formatOffset(durationMs)} ·{' '}
            </>
          )}
          {done}/{run.steps.length} steps done{failed > 0 ? `, ${failed} failed` : ''} · started{' '}
          <time dateTime={new Date(run.startedAt).toISOString()} title={formatDateTime(run.startedAt)}>
            {formatClock(run.startedAt)}
          </time>
        </span>
      </header>

      <div className="timeline__track" style={{ ['--lanes' as string]: laneCount }}>
        <div className="timeline__axis">
          {elapsed !== null && <div className="timeline__played" style={{ width: `${pct(elapsed)}%` }} />}
          {ticks.map((at) => (
            <span key={at} className="timeline__tick" style={{ left: `${pct(at)}%` }}>
              <span className="timeline__tick-label">{formatOffset(at)}</span>
            </span>
          ))}
          {run.steps.map((step, index) => (
            <span
              key={index}
              className={`timeline__marker step-badge step-badge--${step.state}`}
              style={{ left: `${pct(step.atMs)}%`, ['--lane' as string]: laneOf.get(index) ?? 0 }}
              title={`${formatOffset(step.atMs)} ${step.say} (${STEP_LOOK[step.state].word})`}
              data-testid="timeline-marker"
              data-state={step.state}
            >
              {index + 1}
            </span>
          ))}
          {elapsed !== null && (
            <div className={`timeline__now${pct(elapsed) > 80 ? ' timeline__now--end' : ''}`} style={{ left: `${pct(elapsed)}%` }} data-testid="timeline-now" data-elapsed-ms={Math.round(elapsed)}>
              <span className="timeline__now-label">now {formatOffset(elapsed)}</span>
            </div>
          )}
        </div>
      </div>

      <ol className="timeline-steps">
        {run.steps.map((step, index) => {
          const look = STEP_LOOK[step.state];
          return (
            <li key={index} className={`timeline-step timeline-step--${step.state}`} data-testid="timeline-step" data-state={step.state} data-at-ms={step.atMs}>
              <span className={`step-badge step-badge--${step.state}`}>{index + 1}</span>
              <time className="timeline-step__at">{formatOffset(step.atMs)}</time>
              <span className={`status status--${look.status} timeline-step__state`} data-status={look.status}>
                <Icon name={look.icon} />
                <span className="status__word">{look.word}</span>
              </span>
              <span className="timeline-step__say">
                {step.say}
                {step.error && <span className="timeline-step__error">{step.error}</span>}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
