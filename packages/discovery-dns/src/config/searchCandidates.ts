/**
 * The fully qualified names a stub resolver tries for `name`, in order (glibc `res_search`):
 * - a name ending in `.` is absolute: only itself;
 * - a name with at least `ndots` dots is tried as-is first, then with each search domain;
 * - otherwise each search domain first, then the name as-is.
 * Results are lower-cased, end with `.`, and contain no duplicates. Pure.
 */
export function searchCandidates(name: string, search: readonly string[], ndots: number): string[] {
  const lower = name.toLowerCase();
  if (lower.endsWith('.')) return [lower];
  const dots = lower.split('.').length - 1;
  const asIs = `${lower}.`;
  const searched = search.map((domain) => `${lower}.${domain.toLowerCase().replace(/\.$/, '')}.`);
  const ordered = dots >= ndots ? [asIs, ...searched] : [...searched, asIs];
  return [...new Set(ordered)];
}
