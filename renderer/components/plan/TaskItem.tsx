/**
 * One plan task: its box (operators tick it; the core records who and when), owners, the board
 * criterion its tick counts for (operators link and unlink it), its notes and commands (a command a
 * configured action matches gets a button that starts it through the normal confirmation), done
 * with a stored run, scan or sign-off as evidence (shown as a link to it), and blocking with a reason.
 */
import { useState } from 'react';
import type { ActionView } from '../../../shared/domain/actions.js';
import type { PlanTask, TaskState } from '../../../shared/domain/plan.js';
import { useClient } from '../../api/client-context.js';
import { formatDateTime } from '../../lib/time.js';
import { initialValues } from '../actions/action-params.js';
import type { ParamValues } from '../actions/action-params.js';
import type { Launcher } from '../actions/use-launch.js';
import { describeCallError } from '../common/call-problem.js';
import { CriterionLink, DoneWithEvidence, TaskEvidenceLink } from './TaskControls.js';

export interface TaskContext {
  operator: boolean;
  name: string;
  actions: readonly ActionView[];
  launcher: Launcher | null;
}

const STATE_WORD: Record<TaskState, string> = { open: 'open', done: 'done', blocked: 'blocked' };

export function TaskItem({ task, all, ctx }: { task: PlanTask; all: readonly PlanTask[]; ctx: TaskContext }) {
  const children = all.filter((child) => child.parentKey === task.key);
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [form, setForm] = useState<'block' | 'done' | 'link' | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const canChange = ctx.operator && ctx.name !== '' && !busy;
  const toggle = (which: 'block' | 'done' | 'link') => setForm(form === which ? null : which);

  const mark = async (state: TaskState, why?: string) => {
    setBusy(true);
    setProblem(null);
    try {
      await client.call('plan.markTask', { key: task.key, state, by: ctx.name, ...(why ? { reason: why } : {}) });
      setForm(null);
      setReason('');
    } catch (error) {
      const d = describeCallError('Changing the task', error);
      setProblem([d.title, ...d.details].join(' — '));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className={`plan-task plan-task--${task.state}`} data-testid="plan-task" data-key={task.key} data-state={task.state}>
      <div className="plan-task__line">
        <input
          type="checkbox"
          className="plan-task__box"
          checked={task.state === 'done'}
          disabled={!canChange}
          title={ctx.operator ? (ctx.name === '' ? 'Enter your name to tick tasks' : undefined) : 'Read-only display'}
          onChange={(e) => void mark(e.target.checked ? 'done' : 'open')}
          aria-label={`${task.text}: ${STATE_WORD[task.state]}`}
          data-testid="plan-task-box"
        />
        <span className="plan-task__text">{task.text}</span>
        {task.state === 'blocked' && (
          <span className="plan-chip plan-chip--blocked" data-testid="plan-task-blocked">
            ⛔ BLOCKED{task.reason ? `: ${task.reason}` : ''}
          </span>
        )}
        {task.owners.map((owner) => (
          <span key={owner} className="plan-chip plan-chip--owner">
            @{owner}
          </span>
        ))}
        {task.criterionId && (
          <span className="plan-chip plan-chip--criterion" title="Ticking it counts as this board criterion's evidence" data-testid="plan-task-criterion">
            ◆ {task.criterionId}
          </span>
        )}
        {task.state === 'done' && task.stateBy && (
          <span className="plan-task__by muted" data-testid="plan-task-by">
            ✓ {task.stateBy}
            {task.stateAt !== null ? `, ${formatDateTime(task.stateAt)}` : ''}
          </span>
        )}
        {task.state === 'done' && task.evidence && <TaskEvidenceLink evidence={task.evidence} />}
        {ctx.operator && (
          // Quiet buttons at the line's end: every task has them, the task's text is what reads first.
          <span className="plan-task__tools">
            {task.state !== 'done' && (
              <button type="button" className="button button--small" disabled={!canChange} onClick={() => toggle('done')} aria-expanded={form === 'done'} data-testid="plan-task-done-with">
                Done with evidence…
              </button>
            )}
            {task.state !== 'done' && (
              <button type="button" className="button button--small" disabled={!canChange} onClick={() => (task.state === 'blocked' ? void mark('open') : toggle('block'))} aria-expanded={task.state === 'blocked' ? undefined : form === 'block'}>
                {task.state === 'blocked' ? 'Unblock' : 'Block…'}
              </button>
            )}
            <button type="button" className="button button--small" disabled={!canChange} onClick={() => toggle('link')} aria-expanded={form === 'link'} data-testid="plan-task-link-toggle">
              {task.criterionId ? 'Change criterion…' : 'Link criterion…'}
            </button>
          </span>
        )}
      </div>
      {form === 'done' && task.state !== 'done' && <DoneWithEvidence task={task} name={ctx.name} onClose={() => setForm(null)} />}
      {form === 'link' && <CriterionLink task={task} name={ctx.name} onClose={() => setForm(null)} />}
      {form === 'block' && (
        <form
          className="plan-task__form plan-task__block"
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim()) void mark('blocked', reason.trim());
          }}
        >
          <label>
            Why is it blocked? <input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="plan-block-reason" autoFocus />
          </label>
          <button type="submit" className="button button--small" disabled={!reason.trim() || busy}>
            Mark blocked
          </button>
        </form>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {task.notes.length > 0 && (
        <ul className="plan-task__notes">
          {task.notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      )}
      {task.commands.length > 0 && (
        <div className="plan-task__commands">
          {task.commands.map((command, i) => {
            const action = command.action ? ctx.actions.find((a) => a.id === command.action?.id) : undefined;
            return (
              <div key={i} className="plan-command">
                <code className="plan-command__line">{command.line}</code>
                {action && ctx.launcher && command.action && (
                  <button
                    type="button"
                    className="button button--small"
                    data-testid="plan-command-run"
                    onClick={() =>
                      ctx.launcher?.launch(action, valuesFor(action, command.action?.params ?? {}), { dryRun: command.action?.dryRun ?? false, control: `plan-${task.key}-${i}` })
                    }
                  >
                    Run {action.label}
                    {command.action.dryRun ? ' (dry run)' : ''}…
                  </button>
                )}
              </div>
            );
          })}
        </div>
      )}
      {children.length > 0 && <TaskList tasks={children} all={all} ctx={ctx} />}
    </li>
  );
}

/** Tasks with their nested tasks under them; `all` is where the children are looked up. */
export function TaskList({ tasks, all, ctx }: { tasks: readonly PlanTask[]; all: readonly PlanTask[]; ctx: TaskContext }) {
  return (
    <ul className="plan-tasks">
      {tasks.map((task) => (
        <TaskItem key={task.key} task={task} all={all} ctx={ctx} />
      ))}
    </ul>
  );
}

/** The values a matched command line fills in: flags as booleans, the rest as typed. */
function valuesFor(action: ActionView, params: Readonly<Record<string, string>>): ParamValues {
  const values = initialValues(action);
  for (const [name, value] of Object.entries(params)) values[name] = action.params[name]?.type === 'flag' ? value === 'true' : value;
  return values;
}
