/** A tiny reader for the dotted paths used by http probes: "status", "checks.database", "items[0].id". */

const SEGMENT = /([^.[\]]+)|\[(\d+)\]/g;
const WELL_FORMED = /^(?:[^.[\]]+|\[\d+\])(?:\.[^.[\]]+|\[\d+\])*$/;

/** Splits a path into object keys and array indexes; null when the path is malformed. */
export function parseJsonPath(path: string): (string | number)[] | null {
  if (!WELL_FORMED.test(path)) return null;
  return [...path.matchAll(SEGMENT)].map((match) => (match[2] !== undefined ? Number(match[2]) : match[1]!));
}

/** `{ found: false }` when any step is missing or of the wrong type. */
export function readJsonPath(value: unknown, path: (string | number)[]): { found: true; value: unknown } | { found: false } {
  let current = value;
  for (const part of path) {
    if (typeof part === 'number') {
      if (!Array.isArray(current) || part >= current.length) return { found: false };
      current = current[part] as unknown;
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, part)) return { found: false };
      current = (current as Record<string, unknown>)[part];
    }
  }
  return { found: true, value: current };
}
