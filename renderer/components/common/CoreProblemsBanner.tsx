/** Says what keeps failing inside the core (a held database lock, a full disk…) until it works again. */
import type { CoreProblem } from '../../../shared/domain/problems.js';
import { formatClock } from '../../lib/time.js';
import { useAppStore } from '../../stores/store.js';
import { Icon } from './Icon.js';

function problemText(problem: CoreProblem): string {
  const error = problem.code ? `${problem.code}: ${problem.message}` : problem.message;
  const times = problem.count === 1 ? 'once' : `${problem.count} times`;
  return `${problem.what} is failing (${error}), ${times} since ${formatClock(problem.firstAt)}`;
}

export function CoreProblemsBanner() {
  const problems = useAppStore((s) => s.problems);
  if (problems.length === 0) return null;
  return (
    <div className="banner banner--warn core-problems" role="alert" data-testid="core-problems">
      <Icon name="warning" />
      <div className="core-problems__text">
        <p>
          Warroom keeps running, but {problems.length === 1 ? problemText(problems[0]!) : 'some of its work is failing'}. It retries, and
          this goes away once it works again.
        </p>
        {problems.length > 1 && (
          <ul className="core-problems__list">
            {problems.map((problem) => (
              <li key={problem.source} data-testid="core-problem" data-source={problem.source}>
                {problemText(problem)}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
