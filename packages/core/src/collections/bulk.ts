/**
 * Array helpers that stay correct for inputs of any size. Spreading an array into call arguments
 * (`target.push(...items)`, `Math.min(...values)`) puts every element on the call stack and throws
 * `RangeError: Maximum call stack size exceeded` somewhere past ~100 000 elements — a large
 * configuration or discovery answer must never crash that way (issue 11 item 7). Lint forbids the
 * spread form in product code; these are the replacements.
 */

/** Appends every item of `items` to `target` (in order) and returns `target`. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The smallest of `values`, or `undefined` when there is none. */
export function minOf(values: Iterable<number>): number | undefined {
  let min: number | undefined;
  for (const value of values) if (min === undefined || value < min) min = value;
  return min;
}

/** The largest of `values`, or `undefined` when there is none. */
export function maxOf(values: Iterable<number>): number | undefined {
  let max: number | undefined;
  for (const value of values) if (max === undefined || value > max) max = value;
  return max;
}
