/**
 * Turns health transitions into notifications people can act on: one per root cause ("data-layer
 * is down — also affects planner, gateway") instead of one per service, on every change to down
 * and back, skipping muted services. Transitions are collected for a short window first, because
 * a failure reaches dependents' probes a moment after its own.
 */
import type { ServiceHealth, Transition } from '../../../shared/domain/probes.js';
import { systemTimers } from '../clock.js';
import type { Timer, Timers } from '../clock.js';

export interface HealthNotification {
  at: number;
  kind: 'down' | 'recovered';
  /** The root cause the notification is about. */
  service: string;
  title: string;
  body: string;
  /** Other services whose state this explains. */
  affected: string[];
}

export interface Notifier {
  /** Service-level transitions only; others are ignored. */
  add(transitions: readonly Transition[]): void;
  /** Folds what was collected into notifications (called by the window timer, or in tests). */
  flush(now: number): HealthNotification[];
  stop(): void;
}

export function createNotifier(options: {
  health: (service: string) => ServiceHealth | undefined;
  names: (service: string) => string;
  /** Services whose failure `root` currently explains (their health's causedBy is root). */
  explainedBy: (root: string) => string[];
  /** Receives each batch of notifications. */
  deliver: (notifications: HealthNotification[]) => void;
  windowMs?: number;
  now: () => number;
  timers?: Timers;
}): Notifier {
  const windowMs = options.windowMs ?? 1500;
  let pending: Transition[] = [];
  /** Services whose going down was told: only those get a "back" notification. */
  const toldDown = new Set<string>();
  const timers = options.timers ?? systemTimers;
  let timer: Timer | undefined;

  const flush = (now: number): HealthNotification[] => {
    timer?.cancel();
    timer = undefined;
    const batch = pending;
    pending = [];
    // One transition per service for the whole window: from where it was before the first change
    // to where the last one left it, so a recovery in steps (down → degraded → up) is still a recovery.
    // A first result (from unknown) followed by a change counts from that result: the change is news.
    const folded = new Map<string, Transition>();
    for (const t of batch) {
      const first = folded.get(t.service);
      folded.set(t.service, first ? { ...t, from: first.from === 'unknown' ? first.to : first.from } : t);
    }
    const notifications: HealthNotification[] = [];
    for (const t of folded.values()) {
      const current = options.health(t.service);
      if (!current || current.muted) continue;
      // A failure explained by another service is told in that service's notification.
      if (current.causedBy) continue;
      // The first result after start is not news: the tiles show it; a change from there on is.
      const wentDown = t.to === 'down' && t.from !== 'down' && t.from !== 'unknown';
      const recovered = t.from === 'down' && t.to !== 'down' && toldDown.has(t.service);
      if (!wentDown && !recovered) continue;
      if (wentDown) toldDown.add(t.service);
      else toldDown.delete(t.service);
      // Everything this failure explains now, whether its own change fell in this window or not.
      const affected = options.explainedBy(t.service);
      const name = options.names(t.service);
      notifications.push(
        wentDown
          ? {
              at: now,
              kind: 'down',
              service: t.service,
              title: `${name} is down`,
              body: `${current.reason}${affected.length > 0 ? `. Also affected: ${affected.map(options.names).join(', ')}` : ''}`,
              affected,
            }
          : { at: now, kind: 'recovered', service: t.service, title: `${name} is back (${t.to})`, body: current.reason, affected },
      );
    }
    if (notifications.length > 0) options.deliver(notifications);
    return notifications;
  };

  return {
    add(transitions) {
      const serviceLevel = transitions.filter((t) => t.probeId === null);
      if (serviceLevel.length === 0) return;
      pending.push(...serviceLevel);
      timer ??= timers.after(windowMs, () => flush(options.now()));
    },
    flush,
    stop() {
      timer?.cancel();
      timer = undefined;
      pending = [];
    },
  };
}

/** Posts notifications to a Slack-compatible incoming webhook; failures are reported, never thrown. */
export async function postWebhook(
  url: string,
  notifications: readonly HealthNotification[],
  options: { environment: string; mention?: string | undefined; timeoutMs?: number },
): Promise<void> {
  const lines = notifications.map((n) => `${n.kind === 'down' ? ':red_circle:' : ':large_green_circle:'} *${n.title}* — ${n.body}`);
  await postWebhookText(url, `${options.mention ? `${options.mention} ` : ''}[${options.environment}] ${lines.join('\n')}`, options);
}

/** Posts one message (Slack mrkdwn) to a Slack-compatible incoming webhook; throws when it is not taken. */
export async function postWebhookText(url: string, text: string, options: { timeoutMs?: number } = {}): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ text }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    redirect: 'error',
  });
  if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`);
  await response.arrayBuffer();
}
