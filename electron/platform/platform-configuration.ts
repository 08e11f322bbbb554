/**
 * The platform's runtime configuration, as numbered revisions: revision 1 is what platform.yaml
 * declares, each change adds one, and a rollback adds one that restores an earlier revision's
 * values (as `kubectl rollout undo` does), so the history only grows and says what happened.
 * A number outside its setting's healthy range makes the service that reads it not ready.
 */
import type { ConfigRevision, PlatformSetting, SettingValue } from '../../shared/domain/rehearsal.js';
import { PlatformRefusal } from './platform-refusal.js';

/** One setting whose value a rollback (or change) moves. */
export interface SettingChange {
  key: string;
  from: SettingValue;
  to: SettingValue;
}

/** What a configuration rollback does (or would do, on a dry run). */
export interface ConfigRollbackPlan {
  from: number;
  to: number;
  changes: SettingChange[];
}

export interface PlatformConfiguration {
  current(): ConfigRevision;
  /** The kept revisions, newest first. */
  revisions(): ConfigRevision[];
  /** Adds a revision with these values; 404 for an unknown setting, 409 for a value of the wrong type. */
  change(settings: Record<string, SettingValue>, note: string | undefined): ConfigRevision;
  /** What rolling back to `toRevision` (default: the one before the current) changes; 409 when impossible. */
  planRollback(toRevision?: number): ConfigRollbackPlan;
  /** Adds a revision with the values of `toRevision` (default: the one before the current). */
  rollback(toRevision?: number): { plan: ConfigRollbackPlan; revision: ConfigRevision };
  /** Why `serviceId` is not ready because of its settings (none when they are healthy). */
  problems(serviceId: string): string[];
  /** Back to revision 1 alone. */
  reset(): void;
}

/** Revisions kept; older ones can no longer be rolled back to. */
const KEPT_REVISIONS = 50;

export function settingIsHealthy(setting: PlatformSetting, value: SettingValue): boolean {
  if (!setting.healthy || typeof value !== 'number') return true;
  const { min, max } = setting.healthy;
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

export function createPlatformConfiguration(deps: { settings: Record<string, PlatformSetting>; now: () => number }): PlatformConfiguration {
  const { settings, now } = deps;
  let revisions: ConfigRevision[] = [];
  const initialValues = () => Object.fromEntries(Object.entries(settings).map(([key, s]) => [key, s.value]));
  const reset = () => {
    revisions = [{ revision: 1, at: now(), note: 'initial configuration (platform.yaml)', values: initialValues() }];
  };
  reset();
  const current = () => revisions.at(-1)!;
  const append = (values: Record<string, SettingValue>, note: string) => {
    const revision: ConfigRevision = { revision: current().revision + 1, at: now(), note, values };
    revisions.push(revision);
    if (revisions.length > KEPT_REVISIONS) revisions.splice(0, revisions.length - KEPT_REVISIONS);
    return revision;
  };

  const planRollback = (toRevision?: number): ConfigRollbackPlan => {
    const from = current();
    const to = toRevision ?? from.revision - 1;
    if (to < 1) throw new PlatformRefusal(409, `nothing to roll back: the configuration is at revision ${from.revision}, the first one`);
    if (to >= from.revision) throw new PlatformRefusal(409, `revision ${to} is not older than the current revision ${from.revision}`);
    const target = revisions.find((r) => r.revision === to);
    if (!target) throw new PlatformRefusal(409, `revision ${to} is no longer kept (oldest kept: ${revisions[0]!.revision})`);
    const changes = Object.keys(from.values)
      .filter((key) => from.values[key] !== target.values[key])
      .map((key) => ({ key, from: from.values[key]!, to: target.values[key]! }));
    return { from: from.revision, to, changes };
  };

  return {
    current: () => ({ ...current(), values: { ...current().values } }),
    revisions: () => revisions.map((r) => ({ ...r, values: { ...r.values } })).reverse(),
    change(changes, note) {
      for (const [key, value] of Object.entries(changes)) {
        const setting = settings[key];
        if (!setting) throw new PlatformRefusal(404, `unknown setting "${key}" (known: ${Object.keys(settings).join(', ') || 'none'})`);
        if (typeof value !== typeof setting.value) throw new PlatformRefusal(409, `${key} expects a ${typeof setting.value}, got ${JSON.stringify(value)}`);
      }
      const summary = Object.entries(changes).map(([key, value]) => `${key}=${String(value)}`).join(', ');
      return append({ ...current().values, ...changes }, note ?? `set ${summary}`);
    },
    planRollback,
    rollback(toRevision) {
      const plan = planRollback(toRevision);
      const target = revisions.find((r) => r.revision === plan.to)!;
      return { plan, revision: append({ ...target.values }, `rollback of revision ${plan.from} to revision ${plan.to}`) };
    },
    problems(serviceId) {
      const values = current().values;
      return Object.entries(settings)
        .filter(([key, setting]) => setting.service === serviceId && !settingIsHealthy(setting, values[key]!))
        .map(([key, setting]) => `configuration ${key}=${String(values[key])} is outside its healthy range (${describeRange(setting)})`);
    },
    reset,
  };
}

function describeRange(setting: PlatformSetting): string {
  const { min, max } = setting.healthy ?? {};
  if (min !== undefined && max !== undefined) return `${min}–${max}`;
  return min !== undefined ? `at least ${min}` : `at most ${max}`;
}
