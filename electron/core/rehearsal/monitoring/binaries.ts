/**
 * Where the monitoring binaries are: `prometheus`, and Alertmanager under Debian's name
 * (`prometheus-alertmanager`) or everyone else's (`alertmanager`). Missing ones are named with
 * the package that brings them.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface MonitoringBinaries {
  prometheus: string;
  alertmanager: string;
}

export class MissingBinaryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingBinaryError';
  }
}

/** The first of `names` found executable on PATH, or undefined. */
export function findOnPath(names: readonly string[], pathVariable = process.env.PATH ?? ''): string | undefined {
  for (const name of names) {
    for (const dir of pathVariable.split(delimiter)) {
      if (dir === '') continue;
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not here: the next directory.
      }
    }
  }
  return undefined;
}

export function findMonitoringBinaries(pathVariable = process.env.PATH ?? ''): MonitoringBinaries {
  const prometheus = findOnPath(['prometheus'], pathVariable);
  const alertmanager = findOnPath(['prometheus-alertmanager', 'alertmanager'], pathVariable);
  const missing = [
    ...(prometheus ? [] : ['Prometheus is not installed: no `prometheus` on PATH (Debian/Ubuntu: apt-get install prometheus)']),
    ...(alertmanager
      ? []
      : ['Alertmanager is not installed: neither `prometheus-alertmanager` (Debian\'s name) nor `alertmanager` is on PATH (Debian/Ubuntu: apt-get install prometheus-alertmanager)']),
  ];
  if (!prometheus || !alertmanager) throw new MissingBinaryError(missing.join('; '));
  return { prometheus, alertmanager };
}
