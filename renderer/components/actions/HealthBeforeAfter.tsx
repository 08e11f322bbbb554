/**
 * After a run with verification: each service's health when the run started and when
 * verification ended, side by side, and the verdict in big letters — did the run (a rollback,
 * usually) bring every service back?
 */
import type { ActionRun } from '../../../shared/domain/actions.js';
import type { HealthStatus } from '../../../shared/domain/probes.js';
import { isFinal } from '../../stores/slices/actions.js';
import { Icon } from '../common/Icon.js';
import { HealthMark } from '../health/HealthMark.js';
import { useServiceName } from './use-service-name.js';

type Brief = NonNullable<ActionRun['healthBefore']>;

const RANK: Record<HealthStatus, number> = { up: 0, degraded: 1, unknown: 2, down: 3 };

type Change = 'worse' | 'better' | 'same';
const ORDER: Record<Change, number> = { worse: 0, better: 1, same: 2 };

function changeOf(was: HealthStatus, now: HealthStatus): Change {
  if (now === was) return 'same';
  return RANK[now] < RANK[was] ? 'better' : 'worse';
}

/**
 * No result after the run (yet): the health it started from, the services not up named. Whether
 * this action verifies afterwards is not in the contract, so an ended run says "(yet)".
 */
function BeforeOnly({ run, before }: { run: ActionRun; before: Brief }) {
  const serviceName = useServiceName();
  const entries = Object.entries(before);
  const notUp = entries.filter(([, status]) => status !== 'up');
  return (
    <section className="before-after" data-testid="health-before-after">
      <p className="before-after__start" data-testid="health-before">
        <span className="muted">Health when it started:</span> {entries.length - notUp.length} of {entries.length} up
        {notUp.map(([service, status]) => (
          <span key={service} className="before-after__chip">
            {serviceName(service)} <HealthMark status={status} size="sm" />
          </span>
        ))}
        {isFinal(run.state) && <span className="muted">· no check after it (yet)</span>}
      </p>
    </section>
  );
}

export function HealthBeforeAfter({ run }: { run: ActionRun }) {
  const serviceName = useServiceName();
  const before: Brief = run.healthBefore ?? {};
  const after = run.healthAfter;
  if (!after) return Object.keys(before).length > 0 ? <BeforeOnly run={run} before={before} /> : null;
  const rows = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .map((service) => {
      const was = before[service] ?? 'unknown';
      const now = after[service] ?? 'unknown';
      return { service, was, now, change: changeOf(was, now) };
    })
    // What changed comes first: that is what the verdict is about.
    .sort((a, b) => ORDER[a.change] - ORDER[b.change]);
  return (
    <section className="before-after" data-testid="health-before-after">
      {run.healthRestored !== null ? (
        <p
          className={`verdict verdict--${run.healthRestored ? 'restored' : 'not-restored'}`}
          data-testid="health-restored"
          data-restored={run.healthRestored}
          role="status"
        >
          <Icon name={run.healthRestored ? 'check' : 'cross'} />
          {run.healthRestored ? 'Health restored' : 'Health NOT restored'}
        </p>
      ) : (
        <p className="verdict verdict--pending muted" data-testid="health-restored" data-restored="unknown">
          <Icon name="question" />
          No verdict for this run
        </p>
      )}
      <table className="table table--compact before-after__table">
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Before</th>
            <th scope="col" aria-label="changed to" />
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ service, was, now, change }) => (
            <tr key={service} className={`before-after__row before-after__row--${change}`} data-testid={`before-after-${service}`} data-before={was} data-after={now}>
              <th scope="row">
                {serviceName(service)} {serviceName(service) !== service && <code className="muted">{service}</code>}
              </th>
              <td>
                <HealthMark status={was} size="sm" />
              </td>
              <td className="before-after__arrow" aria-hidden="true">
                →
              </td>
              <td>
                <HealthMark status={now} size="sm" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
