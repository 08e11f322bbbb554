/**
 * The launch plan: today's tasks first, blockers highlighted, each day (or phase) as a section
 * with its progress bar, its text, tables and tasks, the deliverables checklist with its counts,
 * a filter by owner, and the risk register with its likelihood × impact grid. Operators import
 * the Markdown (file picker or drop), tick, block and run a task's matched action; viewers follow.
 */
import { useEffect, useMemo, useState } from 'react';
import { DELIVERABLES_TITLE, dayLevel } from '../../shared/domain/plan.js';
import type { Plan, PlanSection, PlanStatus, PlanTask, Progress, Risk } from '../../shared/domain/plan.js';
import { useClient } from '../api/client-context.js';
import { OperatorNameField } from '../components/actions/OperatorNameField.js';
import { useLaunch } from '../components/actions/use-launch.js';
import { ImportPanel } from '../components/plan/ImportPanel.js';
import { PlanBlocks } from '../components/plan/PlanBlocks.js';
import { RiskGrid, RiskTable } from '../components/plan/RiskRegister.js';
import { TaskList } from '../components/plan/TaskItem.js';
import type { TaskContext } from '../components/plan/TaskItem.js';
import { useOperatorName } from '../lib/operator-name.js';
import { formatDateTime } from '../lib/time.js';
import { loadPlan } from '../stores/plan-actions.js';
import { planStale } from '../stores/slices/plan.js';
import { useAppStore } from '../stores/store.js';

function ProgressBar({ progress, label, testId }: { progress: Progress; label: string; testId?: string }) {
  const percent = progress.total === 0 ? 0 : Math.round((progress.done / progress.total) * 100);
  return (
    <div className="plan-progress" data-testid={testId}>
      <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={progress.done}>
        <div className={`progress__bar${progress.done === progress.total && progress.total > 0 ? ' progress__bar--done' : ''}`} style={{ width: `${percent}%` }} />
      </div>
      <span className="plan-progress__count">
        {progress.done} / {progress.total} done
        {progress.blocked > 0 && <span className="plan-progress__blocked"> · ⛔ {progress.blocked} blocked</span>}
      </span>
    </div>
  );
}

const progressOf = (tasks: readonly PlanTask[]): Progress => ({
  done: tasks.filter((t) => t.state === 'done').length,
  blocked: tasks.filter((t) => t.state === 'blocked').length,
  total: tasks.length,
});

const startsWith = (path: readonly string[], prefix: readonly string[]) => prefix.every((title, i) => path[i] === title);
const samePath = (a: readonly string[], b: readonly string[]) => a.length === b.length && startsWith(a, b);

/** A task's owners, or its nearest ancestor's: a sub-task belongs to whoever owns the task. */
function ownersOf(task: PlanTask, byKey: ReadonlyMap<string, PlanTask>): string[] {
  for (let t: PlanTask | undefined = task; t; t = t.parentKey ? byKey.get(t.parentKey) : undefined) if (t.owners.length > 0) return t.owners;
  return [];
}

function DaySection({ day, sections, tasks, today, ctx }: { day: PlanSection; sections: readonly PlanSection[]; tasks: readonly PlanTask[]; today: string; ctx: TaskContext }) {
  const inside = tasks.filter((t) => startsWith(t.path, day.path));
  if (inside.length === 0) return null;
  const subsections = sections.filter((s) => s.path.length > day.path.length && startsWith(s.path, day.path));
  const top = (path: readonly string[]) => inside.filter((t) => t.parentKey === null && samePath(t.path, path));
  return (
    <section className={`panel plan-day${day.day === today ? ' plan-day--today' : ''}`} data-testid="plan-day" data-day={day.day ?? ''}>
      <header className="plan-day__head">
        <h3 className="plan-day__title">
          {day.title}
          {day.day === today && <span className="plan-chip plan-chip--today">TODAY</span>}
        </h3>
        <ProgressBar progress={progressOf(inside)} label={`${day.title} progress`} testId="plan-day-progress" />
      </header>
      <PlanBlocks blocks={day.blocks} />
      <TaskList tasks={top(day.path)} all={inside} ctx={ctx} />
      {subsections.map((sub) => (
        <div key={sub.path.join('›')} className="plan-sub">
          <h4 className="plan-sub__title">{sub.title}</h4>
          <PlanBlocks blocks={sub.blocks} />
          <TaskList tasks={top(sub.path)} all={inside} ctx={ctx} />
        </div>
      ))}
    </section>
  );
}

function Deliverables({ status, tasks, ctx }: { status: PlanStatus; tasks: readonly PlanTask[]; ctx: TaskContext }) {
  if (status.deliverables.length === 0) return null;
  return (
    <section className="panel plan-deliverables" data-testid="plan-deliverables">
      <h3>Deliverables</h3>
      <ul className="plan-deliverables__counts">
        {status.deliverables.map((d) => (
          <li key={d.group} data-testid="plan-deliverable-group" data-group={d.group}>
            <strong>{d.group}</strong> {d.progress.done} / {d.progress.total}
            <ProgressBar progress={d.progress} label={`${d.group} deliverables`} />
          </li>
        ))}
      </ul>
      <div className="plan-deliverables__lists">
        {status.deliverables.map((d) => {
          const items = tasks.filter((t) => t.deliverable === d.group);
          return (
            <div key={d.group}>
              <h4>
                {d.group} ({d.progress.total})
              </h4>
              <TaskList tasks={items.filter((t) => t.parentKey === null)} all={items} ctx={ctx} />
            </div>
          );
        })}
      </div>
    </section>
  );
}

function PlanScreen({ plan, status, risks }: { plan: Plan; status: PlanStatus; risks: readonly Risk[] }) {
  const operator = useAppStore((s) => s.connection.role === 'operator');
  const actions = useAppStore((s) => s.actions.actions);
  const name = useOperatorName();
  const launcher = useLaunch();
  const [owner, setOwner] = useState('');
  const ctx: TaskContext = { operator, name, actions, launcher: operator ? launcher : null };

  const byKey = useMemo(() => new Map(plan.tasks.map((t) => [t.key, t])), [plan.tasks]);
  const owners = useMemo(() => [...new Set(plan.tasks.flatMap((t) => t.owners))].sort(), [plan.tasks]);
  const shown = owner === '' ? plan.tasks : plan.tasks.filter((t) => ownersOf(t, byKey).includes(owner));
  const level = dayLevel(plan.sections);
  const days = plan.sections.filter((s) => s.level === level && !DELIVERABLES_TITLE.test(s.title));
  const todays = shown.filter((t) => t.day === plan.today && t.deliverable === null);
  const blocked = shown.filter((t) => t.state === 'blocked');
  const intro = plan.sections.find((s) => level !== null && s.level < level);
  const planTasks = shown.filter((t) => t.deliverable === null);

  return (
    <section className="view view--plan" data-testid="view-plan">
      <header className="panel plan-head">
        <div className="plan-head__main">
          <h2 className="view__title">{intro?.title ?? 'Plan'}</h2>
          {plan.imported ? (
            <p className="muted" data-testid="plan-imported">
              {plan.imported.fileName}, imported {formatDateTime(plan.imported.at)} by {plan.imported.by}
            </p>
          ) : (
            <p className="muted">No plan imported yet.</p>
          )}
          <ProgressBar progress={status.total} label="Whole plan progress" testId="plan-total-progress" />
        </div>
        {operator && <OperatorNameField />}
        {operator && <ImportPanel />}
        {!operator && <p className="muted">Read-only display: the plan is imported and ticked from an operator screen.</p>}
      </header>
      {launcher.dialog}
      {plan.imported && (
        <>
          {intro && <PlanBlocks blocks={intro.blocks} />}
          <div className="plan-filter">
            <label>
              Owner{' '}
              <select value={owner} onChange={(e) => setOwner(e.target.value)} data-testid="plan-owner-filter">
                <option value="">everyone</option>
                {owners.map((o) => (
                  <option key={o} value={o}>
                    @{o}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {blocked.length > 0 && (
            <section className="panel plan-blockers" data-testid="plan-blockers">
              <h3>⛔ Blockers ({blocked.length})</h3>
              <TaskList tasks={blocked} all={[]} ctx={ctx} />
            </section>
          )}
          <section className="panel plan-today" data-testid="plan-today">
            <h3>Today ({plan.today})</h3>
            {todays.length > 0 ? <TaskList tasks={todays.filter((t) => t.parentKey === null || !todays.some((p) => p.key === t.parentKey))} all={todays} ctx={ctx} /> : <p className="muted">No task is dated today.</p>}
          </section>
          <div className="plan-days" data-testid="plan-days">
            {days.map((day) => (
              <DaySection key={day.path.join('›')} day={day} sections={plan.sections} tasks={planTasks} today={plan.today} ctx={ctx} />
            ))}
          </div>
          <Deliverables status={status} tasks={shown} ctx={ctx} />
        </>
      )}
      <section className="panel plan-risks" data-testid="plan-risks">
        <h3>Risk register</h3>
        {risks.length === 0 ? (
          <p className="muted">No risks recorded. A plan's table with Risk, Likelihood and Impact columns imports them.</p>
        ) : (
          <div className="plan-risks__body">
            <RiskGrid risks={risks} />
            <RiskTable risks={risks} operator={operator} name={name} />
          </div>
        )}
      </section>
    </section>
  );
}

export function PlanView() {
  const client = useClient();
  const data = useAppStore((s) => s.plan);
  // Keyed on both revisions, not on "stale": a change that lands while a load is under way
  // leaves the view stale after that load answers, and must start another one (a boolean that
  // stays true would not re-run the effect, and the view kept the plan from before an import).
  const wanted = useAppStore((s) => s.planRev);
  const have = data?.rev ?? -1;
  const stale = useAppStore(planStale);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!stale) return;
    loadPlan(client).then(
      () => setProblem(null),
      (error: unknown) => setProblem(error instanceof Error ? error.message : String(error)),
    );
  }, [client, stale, wanted, have]);
  if (!data) {
    return (
      <section className="view view--plan" data-testid="view-plan">
        <p className="muted">{problem ? `The plan could not be loaded: ${problem}` : 'Loading the plan…'}</p>
      </section>
    );
  }
  return <PlanScreen plan={data.plan} status={data.status} risks={data.risks} />;
}
