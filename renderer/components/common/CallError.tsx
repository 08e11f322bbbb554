/** A refused or failed call, shown next to the control that made it. */
import { Icon } from './Icon.js';
import type { CallProblem } from './call-problem.js';

/** Renders the problem only when it came from one of `controls`. */
export function CallError({ problem, controls, testId }: { problem: CallProblem | null; controls: readonly string[]; testId: string }) {
  if (!problem || !controls.includes(problem.control)) return null;
  return (
    <div className="form-error form-error--compact" role="alert" data-testid={testId} data-control={problem.control}>
      <Icon name="cross" />
      <div>
        <strong>{problem.title}</strong>
        <ul>
          {problem.details.map((detail) => (
            <li key={detail}>{detail}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}
