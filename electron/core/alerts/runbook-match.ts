/** Which runbook answers an alert: the first, in config order, whose `alert:` matches its labels. */
import type { AlertMatcher, RunbookAlert } from '../../../shared/domain/alerts.js';

export function matchesAlert(matcher: AlertMatcher, labels: Readonly<Record<string, string>>): boolean {
  if (typeof matcher === 'string') return labels.alertname === matcher;
  if (matcher.name !== undefined && labels.alertname !== matcher.name) return false;
  return Object.entries(matcher.labels ?? {}).every(([name, value]) => labels[name] === value);
}

export function runbookForAlert(runbooks: Readonly<Record<string, { alert?: RunbookAlert | undefined }>>, labels: Readonly<Record<string, string>>): string | null {
  for (const [id, runbook] of Object.entries(runbooks)) {
    if (runbook.alert === undefined) continue;
    const matchers = Array.isArray(runbook.alert) ? runbook.alert : [runbook.alert];
    if (matchers.some((matcher) => matchesAlert(matcher, labels))) return id;
  }
  return null;
}
