/**
 * The small template language of load scenarios: `{{randomInt 1 1000}}`, `{{uuid}}`,
 * `{{pick a b "c d"}}`, `{{var goal_id}}`, `{{seq}}`, `{{vu}}`, `{{iteration}}`, `{{now}}`,
 * `{{randomString 12}}`, `{{env API_TOKEN}}`. A fixed set of helpers, parsed once before a run
 * (no eval): the parse result is plain data so it can cross to the workers.
 */

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'randomInt'; min: number; max: number }
  | { kind: 'uuid' }
  | { kind: 'pick'; options: string[] }
  | { kind: 'var'; name: string }
  | { kind: 'seq' }
  | { kind: 'vu' }
  | { kind: 'iteration' }
  | { kind: 'now' }
  | { kind: 'randomString'; length: number }
  | { kind: 'env'; name: string };

export const TEMPLATE_HELPERS = ['randomInt', 'uuid', 'pick', 'var', 'seq', 'vu', 'iteration', 'now', 'randomString', 'env'] as const;

/** A template that cannot be parsed; the message names the template and what is wrong. */
export class TemplateError extends Error {
  constructor(
    readonly template: string,
    readonly reason: string,
  ) {
    super(`${reason} in "${template}"`);
    this.name = 'TemplateError';
  }
}

const WORD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INTEGER = /^-?\d{1,15}$/;

/** Splits a string into literal text and helper calls; throws TemplateError. */
export function parseTemplate(source: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf('{{', at);
    if (open < 0) {
      parts.push({ kind: 'text', text: source.slice(at) });
      break;
    }
    if (open > at) parts.push({ kind: 'text', text: source.slice(at, open) });
    const close = source.indexOf('}}', open + 2);
    if (close < 0) throw new TemplateError(source, `unclosed "{{" at column ${open + 1}`);
    parts.push(parseCall(source, source.slice(open + 2, close)));
    at = close + 2;
  }
  return mergeText(parts);
}

function parseCall(source: string, inner: string): TemplatePart {
  const words = splitWords(source, inner);
  const [helper, ...args] = words;
  if (helper === undefined) throw new TemplateError(source, 'empty "{{}}"');
  const arity = (n: number, example: string): void => {
    if (args.length !== n) throw new TemplateError(source, `${helper} takes ${n === 0 ? 'no arguments' : `${n} argument${n > 1 ? 's' : ''}`}, e.g. ${example}`);
  };
  switch (helper) {
    case 'randomInt': {
      arity(2, '{{randomInt 1 1000}}');
      const [min, max] = args as [string, string];
      if (!INTEGER.test(min) || !INTEGER.test(max)) throw new TemplateError(source, 'randomInt needs two integers, e.g. {{randomInt 1 1000}}');
      if (Number(min) > Number(max)) throw new TemplateError(source, `randomInt: ${min} is greater than ${max}`);
      return { kind: 'randomInt', min: Number(min), max: Number(max) };
    }
    case 'pick':
      if (args.length === 0) throw new TemplateError(source, 'pick needs at least one option, e.g. {{pick red green blue}}');
      return { kind: 'pick', options: args };
    case 'var':
    case 'env': {
      arity(1, helper === 'var' ? '{{var goal_id}}' : '{{env API_TOKEN}}');
      const name = args[0]!;
      if (!WORD.test(name)) throw new TemplateError(source, `${helper}: "${name}" is not a valid name`);
      return { kind: helper, name };
    }
    case 'randomString': {
      arity(1, '{{randomString 12}}');
      const length = Number(args[0]);
      if (!Number.isInteger(length) || length < 1 || length > 4096) throw new TemplateError(source, 'randomString needs a length from 1 to 4096');
      return { kind: 'randomString', length };
    }
    case 'uuid':
    case 'seq':
    case 'vu':
    case 'iteration':
    case 'now':
      arity(0, `{{${helper}}}`);
      return { kind: helper };
    default:
      throw new TemplateError(source, `unknown helper "${helper}" (known: ${TEMPLATE_HELPERS.join(', ')})`);
  }
}

/** Words separated by spaces; "double quotes" keep spaces inside one word. */
function splitWords(source: string, inner: string): string[] {
  const words: string[] = [];
  const pattern = /\s*(?:"([^"]*)"|([^\s"]+))\s*/y;
  const text = inner.trim();
  while (pattern.lastIndex < text.length) {
    const match = pattern.exec(text);
    if (!match) throw new TemplateError(source, 'unbalanced quote');
    words.push(match[1] ?? match[2]!);
  }
  return words;
}

function mergeText(parts: TemplatePart[]): TemplatePart[] {
  const merged: TemplatePart[] = [];
  for (const part of parts) {
    const last = merged.at(-1);
    if (part.kind === 'text' && last?.kind === 'text') last.text += part.text;
    else merged.push(part);
  }
  return merged;
}

/** Names of the variables the parts read. */
export function varsUsed(parts: readonly TemplatePart[]): string[] {
  return parts.flatMap((part) => (part.kind === 'var' ? [part.name] : []));
}

/** Names of the environment variables the parts read. */
export function envUsed(parts: readonly TemplatePart[]): string[] {
  return parts.flatMap((part) => (part.kind === 'env' ? [part.name] : []));
}

/** Replaces env helpers by their values (done once, before the run). */
export function resolveEnv(parts: readonly TemplatePart[], env: Readonly<Record<string, string | undefined>>): TemplatePart[] {
  return mergeText(parts.map((part) => (part.kind === 'env' ? { kind: 'text', text: env[part.name] ?? '' } : { ...part })));
}

/** True when the parts are one literal (or nothing): no work per request. */
export function isStatic(parts: readonly TemplatePart[]): boolean {
  return parts.every((part) => part.kind === 'text');
}

/** How a template shows in an endpoint label: `/goals/{{var goal_id}}` → `/goals/{goal_id}`. */
export function labelOf(parts: readonly TemplatePart[]): string {
  return parts.map((part) => (part.kind === 'text' ? part.text : part.kind === 'var' || part.kind === 'env' ? `{${part.name}}` : `{${part.kind}}`)).join('');
}

/** A JSON value whose strings were parsed: the body of a request, as data. */
export type BodyTemplate =
  | { kind: 'literal'; value: unknown }
  | { kind: 'string'; parts: TemplatePart[] }
  | { kind: 'array'; items: BodyTemplate[] }
  | { kind: 'object'; entries: [string, BodyTemplate][] };

/** Parses every string in a JSON body; throws TemplateError naming the path of the bad string. */
export function parseBody(value: unknown, path = 'body'): BodyTemplate {
  if (typeof value === 'string') {
    try {
      const parts = parseTemplate(value);
      return isStatic(parts) ? { kind: 'literal', value } : { kind: 'string', parts };
    } catch (error) {
      if (error instanceof TemplateError) throw new TemplateError(error.template, `${path}: ${error.reason}`);
      throw error;
    }
  }
  if (Array.isArray(value)) {
    const items = value.map((item, index) => parseBody(item, `${path}[${index}]`));
    return items.every((item) => item.kind === 'literal') ? { kind: 'literal', value } : { kind: 'array', items };
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]): [string, BodyTemplate] => [key, parseBody(item, `${path}.${key}`)]);
    return entries.every(([, item]) => item.kind === 'literal') ? { kind: 'literal', value } : { kind: 'object', entries };
  }
  return { kind: 'literal', value };
}

/** Every template part in a body, for checks (vars used, env used). */
export function bodyParts(body: BodyTemplate): TemplatePart[] {
  switch (body.kind) {
    case 'literal':
      return [];
    case 'string':
      return body.parts;
    case 'array':
      return body.items.flatMap(bodyParts);
    case 'object':
      return body.entries.flatMap(([, item]) => bodyParts(item));
  }
}

/** The same body with env helpers replaced by values. */
export function resolveBodyEnv(body: BodyTemplate, env: Readonly<Record<string, string | undefined>>): BodyTemplate {
  switch (body.kind) {
    case 'literal':
      return body;
    case 'string':
      return { kind: 'string', parts: resolveEnv(body.parts, env) };
    case 'array':
      return { kind: 'array', items: body.items.map((item) => resolveBodyEnv(item, env)) };
    case 'object':
      return { kind: 'object', entries: body.entries.map(([key, item]) => [key, resolveBodyEnv(item, env)]) };
  }
}
