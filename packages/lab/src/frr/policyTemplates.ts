/** FRR policy split into the slots of `@meshrr/render-frr`'s operator templates. */
export interface PolicyTemplates {
  /** Top-level lines: route-maps, community lists, prefix lists (with their `exit`s). */
  readonly global: string;
  /** Lines inside `router bgp`, without indentation. */
  readonly bgp: string;
  /** Lines inside each address family, keyed `ipv4-unicast`, `ipv6-unicast`, `l2vpn-evpn`. */
  readonly addressFamily: Readonly<Record<string, string>>;
}

const FAMILIES: Readonly<Record<string, string>> = {
  'ipv4 unicast': 'ipv4-unicast',
  'ipv6 unicast': 'ipv6-unicast',
  'l2vpn evpn': 'l2vpn-evpn',
};

function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * Splits FRR policy text (as written in a topology's `frrPolicy`) into the render-frr template
 * slots: lines outside `router bgp` → `global`; lines inside it → `bgp`; lines inside
 * `address-family X` → that family. Comments (`!`) and blank lines are dropped. Declarations the
 * renderer writes itself for meshrr's groups (`neighbor <group> peer-group`, `… remote-as …`) are
 * dropped for the names in `managedGroups`; the policy needs them only to be applied before the
 * agent has created the groups.
 */
export function splitFrrPolicy(text: string, managedGroups: readonly string[]): PolicyTemplates {
  const global: string[] = [];
  const bgp: string[] = [];
  const families: Record<string, string[]> = {};
  const managed = new Set(managedGroups);
  let context: 'top' | 'bgp' | string = 'top';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('!')) continue;
    if (context === 'top') {
      if (/^router bgp\b/.test(trimmed)) context = 'bgp';
      else global.push(line);
    } else if (context === 'bgp') {
      const family = /^address-family (.+)$/.exec(trimmed)?.[1];
      if (family !== undefined) context = FAMILIES[family] ?? family.replace(' ', '-');
      else if (trimmed === 'exit') context = 'top';
      else if (!isManagedDeclaration(trimmed, managed)) bgp.push(trimmed);
    } else if (trimmed === 'exit-address-family') context = 'bgp';
    else (families[context] ??= []).push(trimmed);
  }
  return {
    global: joinLines(global),
    bgp: joinLines(bgp),
    addressFamily: Object.fromEntries(Object.entries(families).map(([af, lines]) => [af, joinLines(lines)])),
  };
}

function isManagedDeclaration(line: string, managed: ReadonlySet<string>): boolean {
  const match = /^neighbor (\S+) (peer-group|remote-as \S+)$/.exec(line);
  return match?.[1] !== undefined && managed.has(match[1]);
}
