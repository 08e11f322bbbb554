/** Checks of an environment's monitoring (Prometheus up, targets up, rules loaded), by time. */
import type { MonitoringStatus } from '../../../../shared/domain/monitoring.js';
import type { WritableDb } from '../db.js';

/** One check of an environment's monitoring (its shape is the contract's MonitoringStatus). */
export type MonitoringCheck = MonitoringStatus;

export interface MonitoringChecksRepo {
  add(check: MonitoringCheck): void;
  /** The newest check of an environment at or before `asOf`. */
  latest(environment: string, asOf: number): MonitoringCheck | null;
}

interface Row {
  environment: string;
  at: number;
  ok: number;
  prometheus_up: number;
  targets_up: number;
  targets_total: number;
  rule_groups: number;
  rules: number;
  detail: string;
}

export function createMonitoringChecksRepo(db: WritableDb): MonitoringChecksRepo {
  const insert = db.prepare(
    'INSERT INTO monitoring_checks (environment, at, ok, prometheus_up, targets_up, targets_total, rule_groups, rules, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const latest = db.prepare<[string, number], Row>('SELECT * FROM monitoring_checks WHERE environment = ? AND at <= ? ORDER BY at DESC, id DESC LIMIT 1');
  return {
    add(c) {
      insert.run(c.environment, c.at, c.ok ? 1 : 0, c.prometheusUp ? 1 : 0, c.targetsUp, c.targetsTotal, c.ruleGroups, c.rules, c.detail);
    },
    latest(environment, asOf) {
      const row = latest.get(environment, asOf);
      return row
        ? {
            environment: row.environment,
            at: row.at,
            ok: row.ok === 1,
            prometheusUp: row.prometheus_up === 1,
            targetsUp: row.targets_up,
            targetsTotal: row.targets_total,
            ruleGroups: row.rule_groups,
            rules: row.rules,
            detail: row.detail,
          }
        : null;
    },
  };
}
