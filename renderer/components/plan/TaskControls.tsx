/**
 * A task's controls beyond its box: linking it to a manual board criterion (its tick then counts
 * as that criterion's evidence), marking it done with a stored run, scan or sign-off as evidence,
 * and the link that opens that evidence where it is stored.
 */
import { useEffect, useState } from 'react';
import type { EvidenceChoice, PlanTask, TaskEvidence } from '../../../shared/domain/plan.js';
import { useClient } from '../../api/client-context.js';
import { hrefFor } from '../../stores/routing.js';
import { useAppStore } from '../../stores/store.js';
import { EvidenceLink } from '../board/EvidenceLink.js';
import { describeCallError } from '../common/call-problem.js';

/** Headings of the evidence select, in the order the core lists the kinds. */
const KIND_GROUP: Record<TaskEvidence['kind'], string> = {
  'load-run': 'Load runs',
  'action-run': 'Action runs',
  'drill-run': 'Drill runs',
  scan: 'Scans',
  signoff: 'Sign-offs',
};

const KINDS = Object.keys(KIND_GROUP) as TaskEvidence['kind'][];

const choiceValue = (e: TaskEvidence) => `${e.kind}:${e.id}`;

/** Runs a call, keeping its failure in the words of `what` for the control that made it. */
function useCall(what: string) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (call: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setProblem(null);
    try {
      await call();
      return true;
    } catch (error) {
      const d = describeCallError(what, error);
      setProblem([d.title, ...d.details].join(' — '));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, run };
}

/** The manual criteria of the board a task may stand for (automatic ones have their own evidence). */
function useManualCriteria() {
  const criteria = useAppStore((s) => s.board?.criteria);
  return (criteria ?? []).filter((c) => c.kind === 'manual');
}

/** Operators pick the criterion a task's tick counts for, or none; the chip says it for everyone. */
export function CriterionLink({ task, name, onClose }: { task: PlanTask; name: string; onClose: () => void }) {
  const client = useClient();
  const manual = useManualCriteria();
  const { busy, problem, run } = useCall('Linking the task');
  const known = task.criterionId === null || manual.some((c) => c.id === task.criterionId);
  return (
    <div className="plan-task__form plan-link" data-testid="plan-link-form">
      <label className="plan-link__label">
        Board criterion{' '}<span className="sr-only">of “{task.text}”</span>
        <select
          className="plan-link__select"
          value={task.criterionId ?? ''}
          disabled={busy || name === ''}
          title={name === '' ? 'Enter your name to link tasks' : 'The board criterion this task’s tick counts for'}
          onChange={(e) => void run(() => client.call('plan.linkTask', { key: task.key, criterionId: e.target.value === '' ? null : e.target.value, by: name }))}
          data-testid="plan-task-link"
        >
          <option value="">◇ no board criterion</option>
          {!known && task.criterionId && <option value={task.criterionId}>◆ {task.criterionId}</option>}
          {manual.map((c) => (
            <option key={c.id} value={c.id}>
              ◆ {c.title}
            </option>
          ))}
        </select>
      </label>
      <span className="muted plan-link__hint">its tick counts as the criterion’s manual evidence</span>
      <button type="button" className="button button--small" onClick={onClose}>
        Close
      </button>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

/** The form that marks a task done with a stored run, scan or sign-off as its evidence. */
export function DoneWithEvidence({ task, name, onClose }: { task: PlanTask; name: string; onClose: () => void }) {
  const client = useClient();
  const [choices, setChoices] = useState<EvidenceChoice[] | null>(null);
  const [loadProblem, setLoadProblem] = useState<string | null>(null);
  const [picked, setPicked] = useState('');
  const { busy, problem, run } = useCall('Marking the task done');
  useEffect(() => {
    let current = true;
    client.call('plan.listEvidence', {}).then(
      (list) => current && setChoices(list),
      (error: unknown) => current && setLoadProblem(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      current = false;
    };
  }, [client]);
  const chosen = choices?.find((c) => choiceValue(c) === picked);
  return (
    <form
      className="plan-task__form plan-task__evidence-form"
      data-testid="plan-evidence-form"
      onSubmit={(e) => {
        e.preventDefault();
        const evidence = chosen ? { kind: chosen.kind, id: chosen.id } : undefined;
        void run(() => client.call('plan.markTask', { key: task.key, state: 'done', by: name, ...(evidence ? { evidence } : {}) })).then((ok) => ok && onClose());
      }}
    >
      <label>
        Evidence{' '}
        <select value={picked} onChange={(e) => setPicked(e.target.value)} disabled={choices === null} data-testid="plan-evidence-select">
          <option value="">{choices === null ? 'loading…' : choices.length === 0 ? 'nothing stored yet: done without evidence' : 'none: done without evidence'}</option>
          {KINDS.map((kind) => {
            const ofKind = (choices ?? []).filter((c) => c.kind === kind);
            return (
              ofKind.length > 0 && (
                <optgroup key={kind} label={KIND_GROUP[kind]}>
                  {ofKind.map((c) => (
                    <option key={choiceValue(c)} value={choiceValue(c)}>
                      {c.label} · {c.by}
                    </option>
                  ))}
                </optgroup>
              )
            );
          })}
        </select>
      </label>
      <button type="submit" className="button button--small" disabled={busy || choices === null} data-testid="plan-evidence-done">
        Mark done
      </button>
      <button type="button" className="button button--small" onClick={onClose}>
        Cancel
      </button>
      {(problem ?? loadProblem) && (
        <p className="form-error" role="alert">
          {problem ?? `The stored runs could not be listed: ${loadProblem}`}
        </p>
      )}
    </form>
  );
}

/** A done task's evidence as a link to where it is stored (a sign-off stands on the board). */
export function TaskEvidenceLink({ evidence }: { evidence: TaskEvidence }) {
  return (
    <span className="plan-task__evidence" data-testid="plan-task-evidence" data-kind={evidence.kind} data-id={evidence.id}>
      <span className="plan-task__evidence-label">evidence:</span>{' '}
      {evidence.kind === 'signoff' ? (
        <a className="evidence__link" href={hrefFor('board')} data-testid="evidence-link" data-kind="signoff" data-id={evidence.id}>
          open sign-off #{evidence.id} on the board →
        </a>
      ) : (
        <EvidenceLink link={evidence} />
      )}
    </span>
  );
}
