/**
 * Patterns from the config (a text parameter's `pattern`) are matched with RE2 (the pure-JS
 * re2js port): time linear in the value's length, so no value an operator types can stall the
 * thread that checks it, as `([a-z0-9]+-?)+` did for 17 s in a backtracking engine. RE2 has no
 * backreferences and no lookaround; a pattern that needs them is refused when the config loads.
 */
import { RE2JS, RE2JSException } from 're2js';

/** A compiled pattern that must match a whole value, never only a part of it. */
export interface WholeMatch {
  readonly source: string;
  test(value: string): boolean;
}

export type CompiledWholeMatch = { ok: true; pattern: WholeMatch } | { ok: false; reason: string };

export function compileWholeMatch(source: string): CompiledWholeMatch {
  try {
    const compiled = RE2JS.compile(source);
    return { ok: true, pattern: { source, test: (value) => compiled.testExact(value) } };
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    return { ok: false, reason: error.message.replace(/^error parsing regexp: /, '') };
  }
}
