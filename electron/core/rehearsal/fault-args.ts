/** Turns `warroom rehearse fault SERVICE KIND [VALUE]` into a Fault, with errors a user can act on. */
import { FAULT_KINDS, FaultSchema, parseDurationMs } from '../../../shared/domain/rehearsal.js';
import type { Fault, FaultKind } from '../../../shared/domain/rehearsal.js';

export class FaultArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultArgsError';
  }
}

const USAGE: Record<FaultKind, string> = {
  stop: 'stop (no value): the port refuses connections',
  start: 'start (no value): listen again',
  slow: 'slow MEDIAN[/P99], e.g. 300ms or 300ms/2s; 0 clears',
  errors: 'errors RATE, e.g. 25% or 0.25; 0 clears',
  flapping: 'flapping PERIOD, e.g. 20s; 0 clears',
  'dependency-down': 'dependency-down [DEPENDENCY], e.g. database',
  'dependency-up': 'dependency-up [DEPENDENCY]',
  deploy: 'deploy VERSION, e.g. 2.5.0-rc3',
  clear: 'clear (no value): remove every fault of the service',
};

export function faultUsage(): string {
  return FAULT_KINDS.map((kind) => `  ${USAGE[kind]}`).join('\n');
}

/**
 * @param defaultDependency used by dependency-down/up when no value is given (the service's only
 *   dependency), or undefined when it has none or several.
 */
export function parseFaultArgs(kind: string, value: string | undefined, defaultDependency?: string): Fault {
  if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new FaultArgsError(`unknown fault kind "${kind}"; one of:\n${faultUsage()}`);
  }
  const known = kind as FaultKind;
  const need = (what: string): string => {
    if (value === undefined || value.trim() === '') throw new FaultArgsError(`${kind} needs ${what}: ${USAGE[known]}`);
    return value.trim();
  };
  let fault: unknown;
  switch (known) {
    case 'stop':
    case 'start':
    case 'clear':
      if (value !== undefined) throw new FaultArgsError(`${kind} takes no value: ${USAGE[known]}`);
      fault = { kind: known };
      break;
    case 'slow': {
      const [median, p99] = need('a latency').split('/');
      const medianMs = durationMs(median!, known);
      fault = { kind: known, medianMs, p99Ms: p99 === undefined ? medianMs * 4 : durationMs(p99, known) };
      break;
    }
    case 'errors': {
      const text = need('a rate');
      const rate = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
      if (!Number.isFinite(rate)) throw new FaultArgsError(`not a rate: "${text}": ${USAGE[known]}`);
      fault = { kind: known, rate };
      break;
    }
    case 'flapping':
      fault = { kind: known, periodMs: durationMs(need('a period'), known) };
      break;
    case 'dependency-down':
    case 'dependency-up': {
      const dependency = value?.trim() || defaultDependency;
      if (!dependency) throw new FaultArgsError(`${kind} needs the dependency's name: ${USAGE[known]}`);
      fault = { kind: known, dependency };
      break;
    }
    case 'deploy':
      fault = { kind: known, version: need('a version') };
      break;
  }
  const parsed = FaultSchema.safeParse(fault);
  if (!parsed.success) {
    throw new FaultArgsError(`${kind}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

function durationMs(text: string, kind: FaultKind): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  try {
    return parseDurationMs(text);
  } catch {
    throw new FaultArgsError(`not a duration: "${text}": ${USAGE[kind]}`);
  }
}
