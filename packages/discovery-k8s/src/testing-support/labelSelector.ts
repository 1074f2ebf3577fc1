/**
 * Equality-based label selector matching as the API server implements it (`k=v`, `k==v`, `k!=v`,
 * `k`, `!k`, comma = AND). Test support for the fake API server.
 */
export function matchesSelector(selector: string | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (selector === undefined || selector.trim() === '') return true;
  return selector.split(',').every((term) => {
    const t = term.trim();
    if (t.startsWith('!')) return !(t.slice(1) in labels);
    const ne = t.indexOf('!=');
    if (ne >= 0) return labels[t.slice(0, ne)] !== t.slice(ne + 2);
    const eq = t.indexOf('=');
    if (eq < 0) return t in labels;
    const value = t.slice(t[eq + 1] === '=' ? eq + 2 : eq + 1);
    return labels[t.slice(0, eq)] === value;
  });
}
