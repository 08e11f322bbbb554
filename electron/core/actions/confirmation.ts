/**
 * How much confirmation a run needs, checked by the core (the renderer's dialog is a courtesy; a
 * tampered call without the typed name is refused here). Production never goes below typing the
 * environment's name.
 */
import type { ActionSpec, Confirmation } from '../../../shared/domain/actions.js';
import { RunRefusal } from './build-command.js';

export function requiredConfirmation(spec: ActionSpec, production: boolean): Confirmation {
  const declared = spec.confirm ?? (production ? 'type-environment' : 'click');
  if (production && (declared === 'none' || declared === 'click')) return 'type-environment';
  return declared;
}

/** The text the operator must type, or undefined when none is asked. */
export function expectedConfirmation(
  required: Confirmation,
  environment: string,
  spec: ActionSpec,
  values: Record<string, string | boolean>,
): string | undefined {
  if (required === 'type-environment') return environment;
  if (required === 'type-service') {
    const name = Object.entries(spec.params).find(([, param]) => param.type === 'service')?.[0];
    return name ? String(values[name]) : undefined;
  }
  return undefined;
}

export function checkConfirmation(expected: string | undefined, typed: string | undefined): void {
  if (expected === undefined) return;
  if (typed?.trim() !== expected) {
    throw new RunRefusal(typed ? `confirmation "${typed}" does not match: type "${expected}" to confirm` : `type "${expected}" to confirm`);
  }
}
