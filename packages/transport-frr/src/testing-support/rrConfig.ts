/** What a test route reflector has (the canonical shape `@meshrr/render-frr` renders). */
export interface TestRrConfig {
  readonly asn: number;
  readonly routerId: string;
  readonly mesh: readonly string[];
  readonly clients?: readonly string[];
  readonly routeServer?: { readonly allow: readonly string[]; readonly asRegex: string; readonly ranges: string };
  readonly gracefulShutdown?: boolean;
  /** Extra lines inside router bgp (tests use it for invalid input). */
  readonly extraBgp?: readonly string[];
}

/**
 * A canonical `frr.conf` like render-frr's output (groups MESHRR-CLIENTS, MESHRR-MESH, MESHRR-RS,
 * timers 3/9, connect retry 1 s, IPv4 unicast), written out by hand because adapters never import
 * each other; the golden-file test applies render-frr's real output too.
 */
export function testRrConfig(c: TestRrConfig): string {
  const policy =
    c.routeServer === undefined
      ? []
      : [
          `bgp as-path access-list MESHRR-MESHRR-RS-AS seq 5 permit ^(${c.routeServer.asRegex})_`,
          '!',
          'route-map MESHRR-MESHRR-RS-IN permit 10',
          ' match as-path MESHRR-MESHRR-RS-AS',
          'exit',
          '!',
        ];
  const group = (g: string, type: string, description = 'meshrr'): string[] => [
    ` neighbor ${g} peer-group`,
    ` neighbor ${g} remote-as ${type}`,
    ` neighbor ${g} description ${description}`,
  ];
  const bgp = [
    `router bgp ${c.asn}`,
    ` bgp router-id ${c.routerId}`,
    ' no bgp ebgp-requires-policy',
    ' no bgp default ipv4-unicast',
    ...(c.gracefulShutdown === true ? [' bgp graceful-shutdown'] : []),
    ' timers bgp 3 9',
    ...(c.clients === undefined
      ? []
      : [...group('MESHRR-CLIENTS', 'internal'), ' neighbor MESHRR-CLIENTS timers connect 1']),
    ...group('MESHRR-MESH', 'internal'),
    ' neighbor MESHRR-MESH timers connect 1',
    ...(c.routeServer === undefined
      ? []
      : [
          ...group('MESHRR-RS', 'external', `meshrr as ${c.routeServer.ranges}`),
          ' neighbor MESHRR-RS ebgp-multihop 10',
          ' neighbor MESHRR-RS enforce-first-as',
          ' neighbor MESHRR-RS timers connect 1',
        ]),
    ...c.mesh.map((ip) => ` neighbor ${ip} peer-group MESHRR-MESH`),
    ...(c.clients ?? []).map((cidr) => ` bgp listen range ${cidr} peer-group MESHRR-CLIENTS`),
    ...(c.routeServer?.allow ?? []).map((cidr) => ` bgp listen range ${cidr} peer-group MESHRR-RS`),
    ...(c.extraBgp ?? []).map((line) => ` ${line}`),
    ' !',
    ' address-family ipv4 unicast',
    ...(c.clients === undefined
      ? []
      : ['  neighbor MESHRR-CLIENTS activate', '  neighbor MESHRR-CLIENTS route-reflector-client']),
    '  neighbor MESHRR-MESH activate',
    ...(c.routeServer === undefined
      ? []
      : [
          '  neighbor MESHRR-RS activate',
          '  neighbor MESHRR-RS route-map MESHRR-MESHRR-RS-IN in',
          '  neighbor MESHRR-RS attribute-unchanged next-hop',
        ]),
    ' exit-address-family',
    'exit',
    '!',
  ];
  return `${['frr version 8.4.4', 'frr defaults traditional', 'service integrated-vtysh-config', '!', ...policy, ...bgp].join('\n')}\n`;
}

/** Configuration lines of a plain BGP speaker that announces `prefix` to `neighbor`. */
export function speakerLines(
  asn: number,
  routerId: string,
  neighbor: string,
  peerAs: number,
  prefix: string,
): string[] {
  return [
    `router bgp ${asn}`,
    ` bgp router-id ${routerId}`,
    ' no bgp ebgp-requires-policy',
    ' no bgp network import-check',
    ' timers bgp 3 9',
    ` neighbor ${neighbor} remote-as ${peerAs === asn ? 'internal' : String(peerAs)}`,
    ` neighbor ${neighbor} timers connect 1`,
    ' address-family ipv4 unicast',
    `  network ${prefix}`,
    ' exit-address-family',
    'exit',
  ];
}
