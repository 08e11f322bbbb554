/**
 * The counters a worker keeps per endpoint, as fixed slots of one Float64Array (cheap to bump on
 * the hot path, cheap to post), and how a failure maps to an error kind.
 */
// Types only: a runtime import of shared/domain would load zod into every worker for nothing.
import type { LoadErrorCounts, LoadErrorKind } from '../../../shared/domain/load.js';

/** Slot of each error kind; slot 0 counts requests. */
export const ERROR_SLOT: Readonly<Record<LoadErrorKind, number>> = {
  status_5xx: 1,
  status_4xx: 2,
  timeout: 3,
  connection_refused: 4,
  connection_reset: 5,
  expectation_failed: 6,
  other: 7,
};

const ERROR_KINDS = Object.keys(ERROR_SLOT) as LoadErrorKind[];

export const SLOT = {
  requests: 0,
  bytesIn: 8,
  bytesOut: 9,
  startedLate: 10,
  skipped: 11,
  dropped: 12,
  sumUs: 13,
  maxUs: 14,
  minUs: 15,
} as const;

export const SLOTS = 16;

/** Status codes are counted in a dense array from 100 to 599. */
export const STATUS_BASE = 100;
export const STATUS_RANGE = 500;

/** Fresh counters for `endpoints` endpoints (min slots start at +Infinity). */
export function newCounters(endpoints: number): Float64Array {
  const counters = new Float64Array(endpoints * SLOTS);
  for (let e = 0; e < endpoints; e += 1) counters[e * SLOTS + SLOT.minUs] = Infinity;
  return counters;
}

/** Adds `from` into `into` slot by slot (max/min merge as max/min). */
export function addCounters(into: Float64Array, intoOffset: number, from: Float64Array, fromOffset: number): void {
  for (let slot = 0; slot < SLOTS; slot += 1) {
    const value = from[fromOffset + slot]!;
    const at = intoOffset + slot;
    if (slot === SLOT.maxUs) into[at] = Math.max(into[at]!, value);
    else if (slot === SLOT.minUs) into[at] = Math.min(into[at]!, value);
    else into[at]! += value;
  }
}

export function errorCountsOf(counters: Float64Array, offset: number): LoadErrorCounts {
  const counts = {} as LoadErrorCounts;
  for (const kind of ERROR_KINDS) counts[kind] = counters[offset + ERROR_SLOT[kind]]!;
  return counts;
}

export function errorTotalOf(counters: Float64Array, offset: number): number {
  let total = 0;
  for (let slot = 1; slot <= 7; slot += 1) total += counters[offset + slot]!;
  return total;
}

const REFUSED = new Set(['ECONNREFUSED']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED']);
const TIMEOUT = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/** The kind of a failed exchange (no response, or a broken one). */
export function classifyError(error: unknown): LoadErrorKind {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (REFUSED.has(code)) return 'connection_refused';
    if (RESET.has(code)) return 'connection_reset';
    if (TIMEOUT.has(code)) return 'timeout';
  }
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause !== undefined && cause !== error ? classifyError(cause) : 'other';
}
