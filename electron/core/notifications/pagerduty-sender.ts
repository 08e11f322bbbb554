/**
 * PagerDuty Events API v2: one event (trigger, acknowledge or resolve) per call, keyed by a dedup
 * key so the resolve of a recovery closes the incident its failure opened.
 * https://developer.pagerduty.com/docs/events-api-v2/trigger-events/
 */

export type PagerDutyAction = 'trigger' | 'acknowledge' | 'resolve';

export interface PagerDutyEvent {
  action: PagerDutyAction;
  dedupKey: string;
  /** Needed for trigger: what the incident says (at most 1024 characters). */
  summary?: string;
  source?: string;
  severity?: 'critical' | 'error' | 'warning' | 'info';
  timestampMs?: number;
  details?: Record<string, unknown>;
}

/** Sends one event; answers what PagerDuty said, throws when it did not take it. */
export async function sendPagerDutyEvent(url: string, routingKey: string, event: PagerDutyEvent, options: { timeoutMs?: number } = {}): Promise<string> {
  const body: Record<string, unknown> = { routing_key: routingKey, event_action: event.action, dedup_key: event.dedupKey };
  if (event.action === 'trigger') {
    body.payload = {
      summary: (event.summary ?? event.dedupKey).slice(0, 1024),
      source: event.source ?? 'warroom',
      severity: event.severity ?? 'critical',
      ...(event.timestampMs !== undefined ? { timestamp: new Date(event.timestampMs).toISOString() } : {}),
      ...(event.details ? { custom_details: event.details } : {}),
    };
  }
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    redirect: 'error',
  });
  const text = (await response.text()).slice(0, 500);
  // The Events API answers 202 Accepted with {"status":"success","message":"Event processed","dedup_key":…}.
  if (response.status !== 202 && !response.ok) throw new Error(`PagerDuty answered HTTP ${response.status}${text ? `: ${text}` : ''}`);
  return `HTTP ${response.status}${describeAnswer(text)}`;
}

function describeAnswer(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && 'message' in parsed && typeof parsed.message === 'string') return ` ${parsed.message}`;
  } catch {
    // Not JSON: the status alone says it was taken.
  }
  return '';
}
