/** Every service as a table row with what it depends on. */
import { StatusMark } from '../components/common/StatusMark.js';
import { NO_PROBE_LABEL } from '../components/tiles/ServiceTile.js';
import { useAppStore } from '../stores/store.js';
import { Waiting } from './Waiting.js';

export function HealthView() {
  const config = useAppStore((s) => s.config);
  if (!config) return <Waiting view="health" />;
  const names = new Map(config.services.map((service) => [service.id, service.name]));
  const env = config.defaultEnvironment;
  return (
    <section className="view" data-testid="view-health">
      <h2 className="view__title">Service health</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Service</th>
            <th scope="col">Depends on</th>
            <th scope="col">URL ({env})</th>
          </tr>
        </thead>
        <tbody>
          {config.services.map((service) => (
            <tr key={service.id} data-testid={`health-row-${service.id}`}>
              <td>
                <StatusMark status="unknown" label={NO_PROBE_LABEL} />
              </td>
              <td>
                <strong>{service.name}</strong> <code className="muted">{service.id}</code>
              </td>
              <td>
                {service.dependsOn.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  service.dependsOn.map((dep) => (
                    <span key={dep} className="dep" title={dep}>
                      {names.get(dep) ?? dep}
                    </span>
                  ))
                )}
              </td>
              <td>
                <code>{service.urls[env] ?? '—'}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
