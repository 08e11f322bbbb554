/** A rolling deploy under way on the platform: which services have the new version, which wait. */
import type { PlatformStatus } from '../../../shared/domain/rehearsal.js';
import { Icon } from '../common/Icon.js';

type Deploy = NonNullable<PlatformStatus['deploy']>;

export function DeployProgress({ deploy, status }: { deploy: Deploy; status: PlatformStatus }) {
  const total = deploy.done.length + deploy.pending.length;
  const names = new Map(status.services.map((service) => [service.id, service.name]));
  const release = status.releases.find((r) => r.version === deploy.version);
  const unhealthy = release !== undefined && !release.healthy;
  const percent = total === 0 ? 100 : Math.round((deploy.done.length / total) * 100);
  return (
    <section className="panel rehearsal-panel deploy" data-testid="rehearsal-deploy" data-done={deploy.done.length} data-total={total}>
      <header className="rehearsal-panel__head">
        <h3 className="rehearsal-panel__title">
          <Icon name="reload" /> Deploying <code>{deploy.version}</code>
        </h3>
        {unhealthy && (
          <span className="chip chip--warn" title={release.note}>
            <Icon name="warning" />
            unhealthy build{release.note ? `: ${release.note}` : ''}
          </span>
        )}
        <strong className="deploy__count">
          {deploy.done.length} of {total} services
        </strong>
      </header>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={deploy.done.length} aria-label={`Deploy of ${deploy.version}`}>
        <div className="progress__bar" style={{ width: `${percent}%` }} />
      </div>
      <ul className="chips">
        {deploy.done.map((id) => (
          <li key={id} className="chip chip--done" data-testid="deploy-done">
            <Icon name="check" />
            {names.get(id) ?? id}
          </li>
        ))}
        {deploy.pending.map((id) => (
          <li key={id} className="chip chip--pending" data-testid="deploy-pending">
            <Icon name="pending" />
            {names.get(id) ?? id} <span className="muted">waiting</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
