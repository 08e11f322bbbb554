/** A status as colour plus shape plus word, so it survives colour blindness and a 3 m distance. */
import { Icon } from './Icon.js';
import type { IconName } from './Icon.js';

export type Status = 'ok' | 'degraded' | 'down' | 'unknown';

const ICONS: Record<Status, IconName> = { ok: 'check', degraded: 'warning', down: 'cross', unknown: 'question' };

export function StatusMark({ status, label, size = 'md' }: { status: Status; label: string; size?: 'sm' | 'md' | 'lg' | 'xl' }) {
  return (
    <span className={`status status--${status} status--${size}`} data-status={status}>
      <Icon name={ICONS[status]} />
      <span className="status__word">{label}</span>
    </span>
  );
}
