/**
 * Turns parsed templates into small closures the worker calls per request. Literal text is joined
 * once here, so a static path or body costs nothing per request.
 */
import { randomUUID } from 'node:crypto';
import type { BodyTemplate, TemplatePart } from './templates.js';

/** Who is asking: the variables of the virtual user (or iteration) and its counters. */
export interface TemplateScope {
  vars: Record<string, unknown>;
  vu: number;
  iteration: number;
}

/** Worker-wide state the helpers share: a sequence unique across all workers. */
export interface TemplateRuntime {
  nextSeq(): number;
}

export type Render = (scope: TemplateScope) => string;

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomString(length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += ALNUM[Math.floor(Math.random() * ALNUM.length)];
  return out;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return value === undefined ? '' : JSON.stringify(value);
}

/** One helper call as a function returning its raw value (numbers stay numbers). */
function valueOf(part: Exclude<TemplatePart, { kind: 'text' }>, runtime: TemplateRuntime): (scope: TemplateScope) => unknown {
  switch (part.kind) {
    case 'randomInt': {
      const { min } = part;
      const span = part.max - part.min + 1;
      return () => min + Math.floor(Math.random() * span);
    }
    case 'uuid':
      return () => randomUUID();
    case 'pick': {
      const { options } = part;
      return () => options[Math.floor(Math.random() * options.length)];
    }
    case 'var': {
      const { name } = part;
      return (scope) => scope.vars[name];
    }
    case 'seq':
      return () => runtime.nextSeq();
    case 'vu':
      return (scope) => scope.vu;
    case 'iteration':
      return (scope) => scope.iteration;
    case 'now':
      return () => Date.now();
    case 'randomString': {
      const { length } = part;
      return () => randomString(length);
    }
    case 'env':
      // Resolved to text before the run; an unresolved one renders empty.
      return () => '';
  }
}

/** A string template; `encode` escapes the dynamic values (encodeURIComponent for paths). */
export function compileString(parts: readonly TemplatePart[], runtime: TemplateRuntime, encode?: (text: string) => string): Render {
  const pieces = parts.map((part) => {
    if (part.kind === 'text') return part.text;
    const value = valueOf(part, runtime);
    return encode ? (scope: TemplateScope) => encode(textOf(value(scope))) : (scope: TemplateScope) => textOf(value(scope));
  });
  return joinPieces(pieces);
}

function joinPieces(pieces: (string | Render)[]): Render {
  const merged: (string | Render)[] = [];
  for (const piece of pieces) {
    const last = merged.length - 1;
    if (typeof piece === 'string' && typeof merged[last] === 'string') merged[last] = (merged[last]) + piece;
    else merged.push(piece);
  }
  if (merged.length === 0) return () => '';
  if (merged.length === 1) {
    const only = merged[0]!;
    return typeof only === 'string' ? () => only : only;
  }
  return (scope) => {
    let out = '';
    for (const piece of merged) out += typeof piece === 'string' ? piece : piece(scope);
    return out;
  };
}

const TYPED = new Set(['randomInt', 'seq', 'vu', 'iteration', 'now', 'var']);

/**
 * A JSON body as one render function. A string that is exactly one numeric helper or `var`
 * becomes that JSON value ("{{randomInt 1 9}}" → 7, "{{var goal}}" → the captured value).
 */
export function compileBody(body: BodyTemplate, runtime: TemplateRuntime): { fixed: string | null; render: Render } {
  const pieces: (string | Render)[] = [];
  const walk = (node: BodyTemplate): void => {
    switch (node.kind) {
      case 'literal':
        pieces.push(JSON.stringify(node.value) ?? 'null');
        return;
      case 'string': {
        const only = node.parts.length === 1 ? node.parts[0]! : undefined;
        if (only && only.kind !== 'text' && TYPED.has(only.kind)) {
          const value = valueOf(only, runtime);
          pieces.push((scope) => JSON.stringify(value(scope)) ?? 'null');
        } else {
          const render = compileString(node.parts, runtime);
          pieces.push((scope) => JSON.stringify(render(scope)));
        }
        return;
      }
      case 'array':
        pieces.push('[');
        node.items.forEach((item, index) => {
          if (index > 0) pieces.push(',');
          walk(item);
        });
        pieces.push(']');
        return;
      case 'object':
        pieces.push('{');
        node.entries.forEach(([key, item], index) => {
          pieces.push(`${index > 0 ? ',' : ''}${JSON.stringify(key)}:`);
          walk(item);
        });
        pieces.push('}');
        return;
    }
  };
  walk(body);
  const fixed = pieces.every((piece) => typeof piece === 'string') ? pieces.join('') : null;
  return { fixed, render: joinPieces(pieces) };
}
