/**
 * One service's health, read from across the room: name, status as colour + icon + word, "down
 * because X", latency, the last 15 minutes as a sparkline, uptime over a day, how long the status
 * has held, and flapping / muted / stale markers. The board shows it big; the health view adds
 * what it depends on and a row per probe. A click opens the service's history.
 */
import type { ConfigSummary } from '../../../shared/domain/app.js';
import type { ServiceHealth } from '../../../shared/domain/probes.js';
import { formatSpan, formatUptime } from '../../lib/format.js';
import { formatClock, formatDateTime } from '../../lib/time.js';
import { selectServiceNames, serviceName } from '../../stores/selectors.js';
import { useAppStore } from '../../stores/store.js';
import { Sparkline } from '../charts/Sparkline.js';
import { Icon } from '../common/Icon.js';
import { HEALTH_WORDS, HealthMark } from '../health/HealthMark.js';
import { ProbeRows } from '../health/ProbeRows.js';
import { Since } from '../health/Since.js';
import { formatLatency } from '../../../shared/format/durations.js';

type Service = ConfigSummary['services'][number];

/** "stale — last check 14:02:11": what the tile shows may no longer be true. */
export function staleLabel(health: ServiceHealth): string {
  return health.lastCheckedAt === null ? 'stale — never checked' : `stale — last check ${formatClock(health.lastCheckedAt)}`;
}

function Cause({ health }: { health: ServiceHealth }) {
  const causedBy = health.causedBy;
  const name = useAppStore((s) => (causedBy ? serviceName(s, causedBy) : null));
  if (causedBy && name) {
    return (
      <p className="tile__cause" data-testid={`caused-by-${health.service}`} data-caused-by={causedBy}>
        {HEALTH_WORDS[health.status].toLowerCase()} because <strong>{name}</strong>
      </p>
    );
  }
  if (health.status === 'up') return null;
  return (
    <p className="tile__reason" title={health.reason}>
      {health.reason}
    </p>
  );
}

function Markers({ health }: { health: ServiceHealth }) {
  if (!health.stale && !health.flapping && !health.muted) return null;
  return (
    <ul className="tile__markers" aria-label="Markers">
      {health.stale && (
        <li className="marker marker--stale" data-testid={`stale-${health.service}`} title={health.lastCheckedAt === null ? undefined : formatDateTime(health.lastCheckedAt)}>
          <Icon name="pause" />
          {staleLabel(health)}
        </li>
      )}
      {health.flapping && (
        <li className="marker marker--flapping" data-testid={`flapping-${health.service}`}>
          <Icon name="flap" />
          Flapping
        </li>
      )}
      {health.muted && (
        <li className="marker marker--muted" data-testid={`muted-${health.service}`}>
          <Icon name="mute" />
          Muted
        </li>
      )}
    </ul>
  );
}

function DependsOn({ service }: { service: Service }) {
  const names = useAppStore(selectServiceNames(service.dependsOn));
  if (service.dependsOn.length === 0) return null;
  return <p className="tile__deps">Depends on {names}</p>;
}

export function ServiceTile({
  service,
  environmentId,
  detail = false,
  onOpen,
}: {
  service: Service;
  environmentId: string;
  /** The health view's tile: dependencies and a row per probe. */
  detail?: boolean;
  onOpen?: (id: string) => void;
}) {
  const id = service.id;
  const health = useAppStore((s) => s.health.services[id]);
  const uptime = useAppStore((s) => s.recent.uptime[id]);
  const uptimeWindowMs = useAppStore((s) => s.recent.uptimeWindowMs);
  const windowMs = useAppStore((s) => s.recent.windowMs);
  const status = health?.status ?? 'unknown';
  const url = service.urls[environmentId];
  return (
    <article
      className={`tile tile--${detail ? 'detail' : 'wall'}${health?.stale ? ' tile--stale' : ''}`}
      data-testid={`service-tile-${id}`}
      data-status={status}
      data-stale={health?.stale ?? false}
      onClick={onOpen ? () => onOpen(id) : undefined}
    >
      <header className="tile__head">
        <h2 className="tile__name">
          {onOpen ? (
            // The whole tile is clickable; this button gives keyboards the same way in.
            <button type="button" className="tile__open" aria-haspopup="dialog" title={`History of ${service.name}`}>
              {service.name}
            </button>
          ) : (
            service.name
          )}
        </h2>
        {detail ? (
          <code className="tile__id">{id}</code>
        ) : (
          // On the wall the address takes the id's place: one line less per tile.
          <span className={`tile__url${url ? '' : ' tile__url--none'}`} title={url ? `${id} — ${url}` : id}>
            {url ? url.replace(/^https?:\/\//, '') : `not deployed in ${environmentId}`}
          </span>
        )}
      </header>
      <div className="tile__status">
        <HealthMark status={status} size={detail ? 'lg' : 'xl'} />
        <Since at={health?.since ?? null} testId={`since-${id}`} />
      </div>
      {health ? <Cause health={health} /> : <p className="tile__reason">no health reported yet</p>}
      <div className="tile__metrics">
        <div className="metric">
          <span className="metric__value" data-testid={`latency-${id}`}>
            {formatLatency(health?.latencyMs)}
          </span>
          <span className="metric__label">latency</span>
        </div>
        <div className="metric">
          <span className="metric__value" data-testid={`uptime-${id}`}>
            {formatUptime(uptime)}
          </span>
          <span className="metric__label">uptime {formatSpan(uptimeWindowMs)}</span>
        </div>
        <Sparkline service={id} label={`Latency of ${service.name} over the last ${formatSpan(windowMs)}; failed checks in red`} />
      </div>
      {health && <Markers health={health} />}
      {detail && <DependsOn service={service} />}
      {detail && health && health.probes.length > 0 && <ProbeRows health={health} />}
      {detail && (
        // Cut with an ellipsis when long: the title keeps the whole address.
        <p className={`tile__url${url ? '' : ' tile__url--none'}`} title={url ?? undefined}>
          {url ?? `not deployed in ${environmentId}`}
        </p>
      )}
    </article>
  );
}
