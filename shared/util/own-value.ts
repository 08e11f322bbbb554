/**
 * The value a record holds under a key the user chose, or undefined. Plain `record[key]` and
 * `key in record` also find inherited properties: "constructor" is a valid id and would name
 * Object's constructor instead of "no such action".
 */
export function ownValue<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
