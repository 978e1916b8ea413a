/**
 * `table[key]` for a key that comes from user data (a dependency name, a command word, a codename): only the
 * table's own entries, never `constructor`, `__proto__` or `toString` from Object's prototype.
 */
export function ownValue<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
