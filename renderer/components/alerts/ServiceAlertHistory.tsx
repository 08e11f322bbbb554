/** A service's alert episodes (fired → resolved) in its tile history, for the range the history shows. */
import { useEffect, useState } from 'react';
import type { AlertEpisode } from '../../../shared/domain/alerts.js';
import { formatDuration } from '../../../shared/format/durations.js';
import { useClient } from '../../api/client-context.js';
import { formatClock } from '../../lib/time.js';

export function ServiceAlertHistory({ service, fromAt, toAt }: { service: string; fromAt: number; toAt: number }) {
  const client = useClient();
  const [episodes, setEpisodes] = useState<AlertEpisode[] | null>(null);
  useEffect(() => {
    let live = true;
    client
      .call('alerts.history', { service, from: fromAt, to: toAt, limit: 50 })
      .then((answer) => live && setEpisodes(answer))
      .catch(() => live && setEpisodes(null));
    return () => {
      live = false;
    };
  }, [client, service, fromAt, toAt]);
  if (!episodes || episodes.length === 0) return null;
  return (
    <div className="history__list" data-testid="history-alerts">
      <h3 className="section-title">Alerts</h3>
      <ul>
        {episodes.map((episode) => (
          <li key={episode.id} data-testid="history-alert">
            <strong>{episode.name}</strong> fired {formatClock(episode.startedAt)}
            {episode.resolvedAt === null ? ', still firing' : `, resolved ${formatClock(episode.resolvedAt)} (${formatDuration(episode.resolvedAt - episode.startedAt)})`}
            {episode.summary ? ` — ${episode.summary}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
