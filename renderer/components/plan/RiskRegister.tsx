/**
 * The risk register: a likelihood × impact grid (count of open risks per cell; red cells are the
 * high ratings), and the list with mitigation, owner and status. Operators change a status here;
 * every change is kept in the risk's history (risks.history) and audited.
 */
import { useState } from 'react';
import { RISK_LEVELS, RiskStatusSchema } from '../../../shared/domain/plan.js';
import type { Risk, RiskLevel, RiskStatus } from '../../../shared/domain/plan.js';
import { riskRating } from '../../../shared/domain/plan.js';
import { useClient } from '../../api/client-context.js';
import { describeCallError } from '../common/call-problem.js';

const LEVEL_WORD: Record<RiskLevel, string> = { low: 'Low', medium: 'Medium', high: 'High' };
const RATING_MARK: Record<RiskLevel, string> = { low: '▽', medium: '◇', high: '▲' };
const STATUSES: readonly RiskStatus[] = RiskStatusSchema.options;

export function RiskGrid({ risks }: { risks: readonly Risk[] }) {
  const open = risks.filter((r) => r.status === 'open');
  const rows = [...RISK_LEVELS].reverse();
  return (
    <table className="risk-grid" data-testid="risk-grid" aria-label="Open risks by likelihood and impact">
      <thead>
        <tr>
          <th scope="col">Likelihood ↓ / Impact →</th>
          {RISK_LEVELS.map((impact) => (
            <th key={impact} scope="col">
              {LEVEL_WORD[impact]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((likelihood) => (
          <tr key={likelihood}>
            <th scope="row">{LEVEL_WORD[likelihood]}</th>
            {RISK_LEVELS.map((impact) => {
              const rating = riskRating(likelihood, impact);
              const count = open.filter((r) => r.likelihood === likelihood && r.impact === impact).length;
              return (
                <td
                  key={impact}
                  className={`risk-cell risk-cell--${rating}${count > 0 ? ' risk-cell--filled' : ''}`}
                  data-testid={`risk-cell-${likelihood}-${impact}`}
                  data-count={count}
                  title={`${LEVEL_WORD[likelihood]} likelihood × ${LEVEL_WORD[impact]} impact: rated ${rating}`}
                >
                  <span className="risk-cell__count">{count}</span>
                  <span className="risk-cell__rating">
                    {RATING_MARK[rating]} {rating}
                  </span>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function StatusControl({ risk, operator, name }: { risk: Risk; operator: boolean; name: string }) {
  const client = useClient();
  const [problem, setProblem] = useState<string | null>(null);
  if (!operator) return <span className={`risk-status risk-status--${risk.status}`}>{risk.status}</span>;
  return (
    <>
      <select
        value={risk.status}
        disabled={name === ''}
        aria-label={`Status of ${risk.title}`}
        data-testid="risk-status"
        onChange={(e) => {
          const status = RiskStatusSchema.parse(e.target.value);
          setProblem(null);
          client.call('risks.set', { id: risk.id, status, by: name }).catch((error: unknown) => {
            const d = describeCallError('Changing the risk', error);
            setProblem([d.title, ...d.details].join(' — '));
          });
        }}
      >
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      {problem && (
        <span className="form-error" role="alert">
          {problem}
        </span>
      )}
    </>
  );
}

export function RiskTable({ risks, operator, name }: { risks: readonly Risk[]; operator: boolean; name: string }) {
  const order: Record<RiskLevel, number> = { high: 0, medium: 1, low: 2 };
  const sorted = [...risks].sort((a, b) => Number(a.status !== 'open') - Number(b.status !== 'open') || order[a.rating] - order[b.rating] || a.id - b.id);
  return (
    <table className="risk-table" data-testid="risk-table">
      <thead>
        <tr>
          <th>Risk</th>
          <th>Rating</th>
          <th>Likelihood</th>
          <th>Impact</th>
          <th>Mitigation</th>
          <th>Owner</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((risk) => (
          <tr key={risk.id} className={risk.status === 'open' && risk.rating === 'high' ? 'risk-row--high' : undefined} data-testid="risk-row">
            <td>{risk.title}</td>
            <td className={`risk-rating risk-rating--${risk.rating}`}>
              {RATING_MARK[risk.rating]} {risk.rating}
            </td>
            <td>{risk.likelihood}</td>
            <td>{risk.impact}</td>
            <td>{risk.mitigation}</td>
            <td>{risk.owner ?? '—'}</td>
            <td>
              <StatusControl risk={risk} operator={operator} name={name} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
