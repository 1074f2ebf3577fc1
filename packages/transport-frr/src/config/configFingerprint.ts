/**
 * A comparable form of an FRR configuration text: every statement with the stanzas it sits in
 * (`router bgp 65000 > address-family ipv4 unicast > neighbor G activate`), sorted, without `!`,
 * blank lines, `end` and the `exit` / `exit-address-family` closers. FRR prints its running
 * configuration in its own order (route-maps after `router bgp`, `bgp log-neighbor-changes` among
 * the global lines, …), so a file FRR would not change (an empty `frr-reload --test` diff) has the
 * same fingerprint as the running configuration, though not the same text. Pure.
 */
export function configFingerprint(text: string): string {
  const out: string[] = [];
  let top: string | undefined;
  let family: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    const statement = line.trim();
    if (statement === '' || statement === '!' || statement === 'end') continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      family = undefined;
      top = statement === 'exit' ? undefined : statement;
      if (top !== undefined) out.push(top);
      continue;
    }
    if (statement === 'exit-address-family' || statement === 'exit' || statement === 'exit-vni') {
      family = undefined;
      continue;
    }
    const parent = top ?? '';
    if (statement.startsWith('address-family ')) {
      family = statement;
      out.push(`${parent} > ${statement}`);
    } else
      out.push(
        family !== undefined && indent > 1 ? `${parent} > ${family} > ${statement}` : `${parent} > ${statement}`,
      );
  }
  return out.sort().join('\n');
}
