import { describe, expect, it } from 'vitest';
import { runbookForAlert } from './runbook-match.js';

const runbooks = {
  'no-alert': {},
  'gateway-errors': { alert: { name: 'HighErrorRate', labels: { service: 'gateway' } } },
  'any-errors': { alert: 'HighErrorRate' },
  'data-layer': { alert: [{ labels: { service: 'data-layer', severity: 'critical' } }, 'PostgreSQLDown'] },
};

describe('runbookForAlert', () => {
  it('opens the first runbook in config order whose name and labels all match', () => {
    expect(runbookForAlert(runbooks, { alertname: 'HighErrorRate', service: 'gateway' })).toBe('gateway-errors');
    expect(runbookForAlert(runbooks, { alertname: 'HighErrorRate', service: 'planner' })).toBe('any-errors');
    expect(runbookForAlert(runbooks, { alertname: 'PostgreSQLDown', service: 'reporting' })).toBe('data-layer');
    expect(runbookForAlert(runbooks, { alertname: 'ServiceDown', service: 'data-layer', severity: 'critical' })).toBe('data-layer');
  });

  it('opens none when no runbook names the alert (a label that differs or is missing does not match)', () => {
    expect(runbookForAlert(runbooks, { alertname: 'ServiceDown', service: 'data-layer', severity: 'warning' })).toBeNull();
    expect(runbookForAlert(runbooks, { alertname: 'BackupFailed' })).toBeNull();
  });
});
