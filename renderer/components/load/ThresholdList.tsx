/**
 * Threshold verdicts as the core judged them: pass or fail in colour, icon and word, with the
 * actual value. Live ones are over everything so far; a threshold without data yet does not pass,
 * and says so instead of claiming a failure.
 */
import type { ThresholdVerdict } from '../../../shared/domain/load.js';
import { Icon } from '../common/Icon.js';
import type { IconName } from '../common/Icon.js';
import { formatActual } from '../../../shared/format/load.js';

type Mark = 'pass' | 'fail' | 'nodata';

const MARKS: Record<Mark, { icon: IconName; word: string }> = {
  pass: { icon: 'check', word: 'Pass' },
  fail: { icon: 'cross', word: 'Fail' },
  nodata: { icon: 'question', word: 'No data' },
};

function markOf(verdict: ThresholdVerdict): Mark {
  if (verdict.passed) return 'pass';
  return verdict.actual === null ? 'nodata' : 'fail';
}

/** A threshold the profile declares, before the first tick judged it ("p(95) < 500 on GET /x"). */
function pending(expression: string): ThresholdVerdict {
  const [expr, endpoint] = expression.split(' on ');
  return { expression: expr ?? expression, ...(endpoint ? { endpoint } : {}), actual: null, passed: false, abortOnFail: false };
}

export function ThresholdList({ verdicts, declared, caption }: { verdicts: readonly ThresholdVerdict[] | null; declared: readonly string[]; caption: string }) {
  const shown = verdicts ?? declared.map(pending);
  return (
    <section className="load-box load-thresholds" aria-labelledby="load-thresholds-title">
      <header className="load-box__head">
        <h3 className="load-box__title" id="load-thresholds-title">
          Thresholds
        </h3>
        <span className="muted">{caption}</span>
      </header>
      {shown.length === 0 ? (
        <p className="muted">No thresholds are set for this profile.</p>
      ) : (
        <ol className="thresholds">
          {shown.map((verdict, index) => {
            const mark = markOf(verdict);
            return (
              <li
                key={`${verdict.expression}|${verdict.endpoint ?? ''}|${index}`}
                className={`threshold threshold--${mark}`}
                data-testid={`threshold-${index}`}
                data-passed={verdict.passed}
                data-state={mark}
              >
                <span className="threshold__mark">
                  <Icon name={MARKS[mark].icon} />
                  <span className="threshold__word">{MARKS[mark].word}</span>
                </span>
                <span className="threshold__what">
                  <code className="threshold__expr">{verdict.expression}</code>
                  <span className="threshold__scope muted">{verdict.endpoint ?? 'all requests'}</span>
                </span>
                <span className="threshold__actual">
                  <span className="muted">actual </span>
                  <strong>{formatActual(verdict)}</strong>
                </span>
                {verdict.abortOnFail && <span className="chip chip--warn">aborts on fail</span>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
