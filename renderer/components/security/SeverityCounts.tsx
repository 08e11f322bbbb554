/** Open findings per severity as numbers to read from across the room (colour + shape + word), with overdue and expired acceptances. */
import type { Severity } from '../../../shared/domain/security.js';
import { Icon } from '../common/Icon.js';
import { COUNTED_SEVERITIES, SEVERITY_ICONS, SEVERITY_WORDS } from './security-format.js';

function SeverityNumber({ severity, value }: { severity: Severity; value: number }) {
  // A zero stays calm; only open findings glow in their severity's colour.
  return (
    <div className={`bignum sev-num sev-num--${severity}${value > 0 ? ' sev-num--lit' : ''}`} data-testid={`sec-count-${severity}`} data-count={value}>
      <span className="bignum__value">
        <Icon name={SEVERITY_ICONS[severity]} className="bignum__icon" />
        {value}
      </span>
      <span className="bignum__label">{SEVERITY_WORDS[severity]} open</span>
    </div>
  );
}

export function SeverityCounts({ open, overdue, expiredAcceptances }: { open: Record<Severity, number>; overdue: number; expiredAcceptances: number }) {
  return (
    <div className="bignums sec-counts" data-testid="sec-counts">
      {COUNTED_SEVERITIES.map((severity) => (
        <SeverityNumber key={severity} severity={severity} value={open[severity]} />
      ))}
      <div className={`bignum sec-counts__aside${overdue > 0 ? ' sec-counts__aside--bad' : ''}`} data-testid="sec-count-overdue" data-count={overdue}>
        <span className="bignum__value">
          <Icon name="hourglass" className="bignum__icon" />
          {overdue}
        </span>
        <span className="bignum__label">Overdue</span>
      </div>
      {expiredAcceptances > 0 && (
        <div className="bignum sec-counts__aside sec-counts__aside--bad" data-testid="sec-count-expired">
          <span className="bignum__value">{expiredAcceptances}</span>
          <span className="bignum__label">Expired acceptances</span>
        </div>
      )}
    </div>
  );
}
