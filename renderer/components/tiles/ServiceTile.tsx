/** One configured service on the board: name, id, tags, URL where the screen looks, status. */
import type { ConfigSummary } from '../../../shared/domain/app.js';
import { StatusMark } from '../common/StatusMark.js';

type Service = ConfigSummary['services'][number];

/** Probes arrive in a later version; until then every service is honestly "unknown". */
export const NO_PROBE_LABEL = 'unknown — no probe yet';

export function ServiceTile({ service, environmentId }: { service: Service; environmentId: string }) {
  const url = service.urls[environmentId];
  return (
    <article className="tile" data-testid={`service-tile-${service.id}`} data-status="unknown">
      <header className="tile__head">
        <h2 className="tile__name">{service.name}</h2>
        <code className="tile__id">{service.id}</code>
      </header>
      <StatusMark status="unknown" label={NO_PROBE_LABEL} size="lg" />
      <p className={`tile__url${url ? '' : ' tile__url--none'}`}>{url ?? `not deployed in ${environmentId}`}</p>
      {service.tags.length > 0 && (
        <ul className="tags" aria-label="Tags">
          {service.tags.map((tag) => (
            <li key={tag} className="tag">
              {tag}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
