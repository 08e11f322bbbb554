/** A figure to read from across the room, with a one- or two-word label; a status adds its colour and shape. */
import { Icon } from './Icon.js';
import type { IconName } from './Icon.js';
import type { Status } from './StatusMark.js';

const ICONS: Record<Status, IconName> = { ok: 'check', degraded: 'warning', down: 'cross', unknown: 'question' };

export function BigNumber({ value, label, testId, status }: { value: number | string; label: string; testId?: string; status?: Status }) {
  // A zero of a bad status is good news: it stays calm instead of glowing red.
  const lit = status !== undefined && value !== 0;
  return (
    <div className={`bignum${status ? ` bignum--${status}` : ''}${lit ? ' bignum--lit' : ''}`} data-testid={testId} data-status={status}>
      <span className="bignum__value">
        {status && <Icon name={ICONS[status]} className="bignum__icon" />}
        {value}
      </span>
      <span className="bignum__label">{label}</span>
    </div>
  );
}
