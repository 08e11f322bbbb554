/** A service's or probe's health as colour plus shape plus one word: Up, Degraded, Down, Unknown. */
import type { HealthStatus } from '../../../shared/domain/probes.js';
import { StatusMark } from '../common/StatusMark.js';
import type { Status } from '../common/StatusMark.js';

export const HEALTH_WORDS: Record<HealthStatus, string> = { up: 'Up', degraded: 'Degraded', down: 'Down', unknown: 'Unknown' };

/** Health statuses on the shared status marks (whose "ok" is the probes' "up"). */
export const HEALTH_MARKS: Record<HealthStatus, Status> = { up: 'ok', degraded: 'degraded', down: 'down', unknown: 'unknown' };

export function HealthMark({ status, size = 'md' }: { status: HealthStatus; size?: 'sm' | 'md' | 'lg' | 'xl' }) {
  return <StatusMark status={HEALTH_MARKS[status]} label={HEALTH_WORDS[status]} size={size} />;
}
