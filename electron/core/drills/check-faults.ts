/** A drill's fault steps read like `warroom rehearse fault SERVICE KIND [VALUE]`: checked by the same parser. */
import type { WarroomConfig } from '../../../shared/domain/config.js';
import type { DrillFault } from '../../../shared/domain/drills.js';
import { FAULT_KINDS } from '../../../shared/domain/rehearsal.js';
import type { Fault } from '../../../shared/domain/rehearsal.js';
import { FaultArgsError, parseFaultArgs } from '../rehearsal/fault-args.js';

export function faultOf(step: DrillFault): Fault {
  return parseFaultArgs(step.kind, step.value === undefined ? undefined : String(step.value));
}

/** Fault steps whose kind or value the rehearsal platform would refuse, with their config path. */
export function checkDrillFaults(config: WarroomConfig): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  for (const [id, drill] of Object.entries(config.drills ?? {})) {
    const steps: [DrillFault | undefined, (string | number)[]][] = drill.steps.map((step, index) => [step.fault, ['drills', id, 'steps', index, 'fault']]);
    steps.push([drill.recovery?.fault, ['drills', id, 'recovery', 'fault']]);
    for (const [fault, path] of steps) {
      if (!fault) continue;
      try {
        faultOf(fault);
      } catch (error) {
        if (!(error instanceof FaultArgsError)) throw error;
        const known = (FAULT_KINDS as readonly string[]).includes(fault.kind);
        issues.push({ path: [...path, 'kind'], message: known ? error.message : `unknown fault kind "${fault.kind}" (one of: ${FAULT_KINDS.join(', ')})` });
      }
    }
  }
  return issues;
}
