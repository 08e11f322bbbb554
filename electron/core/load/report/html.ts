/**
 * Safe HTML building: every value put into an `html` template is escaped unless it is itself
 * the output of `html` (or `raw`, for markup we wrote). Endpoint names, error messages and
 * URLs come from config or from the target, so a report must never let them become markup.
 */

/** Markup that is already safe to insert as is. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function piece(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value === null || value === undefined || value === false) return '';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  // An object would print as [object Object]: a bug, said loudly.
  throw new TypeError(`html: cannot interpolate a ${typeof value}`);
}

/** Template tag: interpolations are escaped; arrays are joined; null, undefined and false vanish. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((value, index) => {
    out += piece(value) + strings[index + 1]!;
  });
  return new Html(out);
}

/** Markup we wrote ourselves (CSS, numbers formatted for SVG coordinates). */
export const raw = (markup: string): Html => new Html(markup);
