/** Values grouped by a key, each group in the values' order. */
export function groupBy<K, V>(values: Iterable<V>, key: (v: V) => K): Map<K, V[]> {
  const map = new Map<K, V[]>();
  for (const value of values) {
    const k = key(value);
    const list = map.get(k);
    if (list) list.push(value);
    else map.set(k, [value]);
  }
  return map;
}
