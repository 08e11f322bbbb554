/** A status as colour plus shape plus word, so it survives colour blindness and a 3 m distance. */
import { Icon } from './Icon.js';
import type { IconName } from './Icon.js';

export type Status = 'ok' | 'degraded' | 'down' | 'unknown';

const ICONS: Record<Status, IconName> = { ok: 'check', degraded: 'warning', down: 'cross', unknown: 'question' };

/** `icon`: a shape other than the status's own, e.g. `pending` for an unknown that is only not read yet. */
export function StatusMark({ status, label, size = 'md', icon }: { status: Status; label: string; size?: 'sm' | 'md' | 'lg' | 'xl'; icon?: IconName }) {
  return (
    <span className={`status status--${status} status--${size}`} data-status={status}>
      <Icon name={icon ?? ICONS[status]} />
      <span className="status__word">{label}</span>
    </span>
  );
}
