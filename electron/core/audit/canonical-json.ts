/**
 * Canonical JSON: the one byte sequence a value hashes as, whoever writes it. Object keys are
 * sorted by UTF-16 code units and nothing is indented; strings and numbers are written as
 * JSON.stringify writes them. For the values allowed here (null, booleans, finite numbers,
 * strings, arrays, plain objects) this is RFC 8785 (JCS), so other tools can recompute a hash.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no ${value}`);
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      if (!isPlainObject(value)) throw new TypeError('canonical JSON takes plain objects only');
      return `{${Object.keys(value)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
        .join(',')}}`;
    default:
      throw new TypeError(`canonical JSON has no ${typeof value}`);
  }
}

/**
 * The value as JSON would carry it (toJSON applied, undefined properties dropped, non-finite
 * numbers as null), so what is hashed on append is exactly what is read back later.
 */
export function jsonValue(value: unknown): unknown {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('not a JSON value');
  return JSON.parse(text) as unknown;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
