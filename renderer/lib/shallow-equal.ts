/**
 * Shallow comparison for memoised components: two objects read the same when they have the same
 * own keys and each value is the same (Object.is). It follows the keys, so a field added to a
 * type is compared without anyone remembering to list it.
 */

/** Same own enumerable keys, each with an Object.is-equal value. */
export function shallowEqual<T extends object>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && Object.is(a[key as keyof T], b[key as keyof T]));
}

/** Same length and, position by position, shallowly equal items. */
export function shallowEqualItems<T extends object>(a: readonly T[], b: readonly T[]): boolean {
  return a === b || (a.length === b.length && a.every((item, i) => shallowEqual(item, b[i]!)));
}
