/**
 * Structural equality of plain data (what configuration, discovery, device state and peer memory
 * are made of): primitives by SameValueZero (`===`, NaN equal to NaN), arrays element by element, `Map`s and `Set`s by entries in
 * order, plain objects by their own enumerable keys (order-insensitive). Shared references are
 * equal at once, so comparing two inputs that share most of their parts costs little. Functions
 * are equal only when they are the same function. Pure.
 */
export function structuralEqual(a: unknown, b: unknown): boolean {
  if (a === b || (a !== a && b !== b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) {
      const x: unknown = a[i];
      const y: unknown = b[i];
      // Primitives (addresses, CIDRs) inline: long lists of strings are what inputs are made of.
      if (x === y) continue;
      if (typeof x !== 'object' || x === null) {
        if (x !== x && y !== y) continue; // NaN
        return false;
      }
      if (!structuralEqual(x, y)) return false;
    }
    return true;
  }
  if (Array.isArray(b)) return false;
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    const entries = b.entries();
    for (const [key, value] of a) {
      const next = entries.next().value as [unknown, unknown];
      if (!structuralEqual(key, next[0]) || !structuralEqual(value, next[1])) return false;
    }
    return true;
  }
  if (a instanceof Set) {
    if (!(b instanceof Set) || a.size !== b.size) return false;
    const values = b.values();
    for (const value of a) if (!structuralEqual(value, values.next().value)) return false;
    return true;
  }
  if (b instanceof Map || b instanceof Set || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let count = 0;
  for (const key in left) {
    if (!Object.hasOwn(left, key)) continue;
    count += 1;
    if (!Object.hasOwn(right, key) || !structuralEqual(left[key], right[key])) return false;
  }
  for (const key in right) if (Object.hasOwn(right, key)) count -= 1;
  return count === 0;
}
