/**
 * Health notifications under the top bar, on every view: "<title> — <body>", red with a cross when
 * something went down (stays until dismissed), green with a tick when it recovered (goes by itself).
 */
import { useEffect } from 'react';
import { formatClock } from '../../lib/time.js';
import { dismissNotification } from '../../stores/store-updates.js';
import type { ActiveNotification } from '../../stores/slices/notifications.js';
import { selectServiceNames } from '../../stores/selectors.js';
import { useAppStore } from '../../stores/store.js';
import { Icon } from '../common/Icon.js';

/** How long a "recovered" banner stays. */
export const RECOVERED_BANNER_MS = 15_000;

function AffectedNames({ ids, body }: { ids: readonly string[]; body: string }) {
  const joined = useAppStore(selectServiceNames(ids, '\n'));
  const names = joined.split('\n');
  // The core's text of a "down" already names them: saying it twice costs a line on the wall.
  if (ids.length === 0 || names.every((name) => body.includes(name))) return null;
  return (
    <ul className="chips banner__affected" aria-label="Affected services" data-testid="banner-affected">
      <li className="banner__affected-label">Affected</li>
      {names.map((name) => (
        <li key={name} className="chip">
          {name}
        </li>
      ))}
    </ul>
  );
}

function HealthBanner({ notification }: { notification: ActiveNotification }) {
  const { id, kind } = notification;
  useEffect(() => {
    if (kind !== 'recovered') return;
    const timer = setTimeout(() => dismissNotification(id), RECOVERED_BANNER_MS);
    return () => clearTimeout(timer);
  }, [id, kind]);
  const down = kind === 'down';
  return (
    <div
      className={`banner ${down ? 'banner--alert' : 'banner--ok'} health-banner`}
      role={down ? 'alert' : 'status'}
      data-testid="health-banner"
      data-kind={kind}
      data-service={notification.service}
    >
      <Icon name={down ? 'cross' : 'check'} />
      <div className="health-banner__text">
        <p>
          <strong className="health-banner__title">{notification.title}</strong> — {notification.body}
          <time className="health-banner__time" dateTime={new Date(notification.at).toISOString()}>
            {formatClock(notification.at)}
          </time>
        </p>
        <AffectedNames ids={notification.affected} body={notification.body} />
      </div>
      <button type="button" className="button button--small" onClick={() => dismissNotification(id)} data-testid="banner-dismiss" aria-label={`Dismiss: ${notification.title}`}>
        <Icon name="close" />
        Dismiss
      </button>
    </div>
  );
}

export function HealthBanners() {
  const notifications = useAppStore((s) => s.notifications);
  if (notifications.length === 0) return null;
  return (
    <div className="health-banners" data-testid="health-banners">
      {notifications.map((notification) => (
        <HealthBanner key={notification.id} notification={notification} />
      ))}
    </div>
  );
}
