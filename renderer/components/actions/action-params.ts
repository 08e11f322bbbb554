/**
 * An action's parameters on the renderer side: the values an operator picked, what is missing or
 * wrong with them (checked here for quick feedback; the core checks them again), how to say them
 * in words, and what the confirmation asks to be typed.
 */
import type { ActionParam, ActionView } from '../../../shared/domain/actions.js';
import { compileWholeMatch } from '../../../shared/util/whole-match.js';

export type ParamValues = Record<string, string | boolean>;

/** Selects and text start empty (an explicit choice, never a default target); flags unticked. */
export function initialValues(action: ActionView): ParamValues {
  return Object.fromEntries(Object.entries(action.params).map(([name, param]) => [name, param.type === 'flag' ? false : '']));
}

export function paramLabel(name: string, param: ActionParam): string {
  return param.label ?? name;
}

/** Whether the pattern matches the whole value, with the core's linear-time engine; null when it cannot compile it. */
export function matchesPattern(pattern: string, value: string): boolean | null {
  const compiled = compileWholeMatch(pattern);
  return compiled.ok ? compiled.pattern.test(value) : null;
}

/** What stops each parameter from being sent, by name; empty when all are fine. */
export function paramProblems(action: ActionView, values: ParamValues): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const [name, param] of Object.entries(action.params)) {
    if (param.type === 'flag') continue;
    const value = values[name];
    const label = paramLabel(name, param);
    if (typeof value !== 'string' || value === '') {
      problems[name] = param.type === 'text' ? `enter ${label}` : `choose ${label}`;
      continue;
    }
    if (param.type === 'service' && !action.services.includes(value)) problems[name] = `${value} is not a service of this config`;
    if (param.type === 'choice' && !param.choices.includes(value)) problems[name] = `${value} is not one of the choices`;
    if (param.type === 'text') {
      if (value.startsWith('-')) problems[name] = 'may not start with "-"';
      else if (value.length > param.maxLength) problems[name] = `at most ${param.maxLength} characters`;
      else if (matchesPattern(param.pattern, value) === false) problems[name] = `must match ${param.pattern}`;
    }
  }
  return problems;
}

/** The request's params: every value, flags as booleans. */
export function requestParams(action: ActionView, values: ParamValues): ParamValues {
  return Object.fromEntries(Object.keys(action.params).map((name) => [name, values[name] ?? false]));
}

/** The name of the action's service parameter, if it has one (its value is what type-service asks for). */
export function serviceParamName(action: ActionView): string | undefined {
  return Object.entries(action.params).find(([, param]) => param.type === 'service')?.[0];
}

/** The text the operator must type to confirm, or null when a click (or nothing) confirms. */
export function expectedConfirmation(action: ActionView, environment: string, values: ParamValues): string | null {
  if (action.confirm === 'type-environment') return environment;
  if (action.confirm === 'type-service') {
    const name = serviceParamName(action);
    const value = name ? values[name] : undefined;
    return typeof value === 'string' && value !== '' ? value : null;
  }
  return null;
}

/** "Service: API gateway (gateway)", "Version: 2.5.0", "Force: yes": one line per parameter. */
export function describeParams(action: ActionView, values: ParamValues, serviceName: (id: string) => string): { label: string; value: string; id?: string }[] {
  return Object.entries(action.params).map(([name, param]) => {
    const label = paramLabel(name, param);
    const value = values[name];
    if (param.type === 'flag') return { label, value: value === true ? `yes (${param.flag})` : 'no' };
    const text = typeof value === 'string' ? value : '';
    if (param.type === 'service') {
      const display = serviceName(text);
      return display !== text ? { label, value: display, id: text } : { label, value: text };
    }
    return { label, value: text };
  });
}

/** How a run's recorded params read in a list: "gateway", "2.5.0, --force". */
export function paramsSummary(action: ActionView | undefined, params: ParamValues): string {
  return Object.entries(params)
    .filter(([, value]) => value !== false && value !== '')
    .map(([name, value]) => {
      const param = action?.params[name];
      if (value === true) return param?.type === 'flag' ? param.flag : name;
      return String(value);
    })
    .join(', ');
}
