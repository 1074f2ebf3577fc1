import { describe, expect, it } from 'vitest';
import { formatConfigIssue, loadConfig } from './index.js';

const base = (groups: string, top = ''): string => `asn: "65000"
${top}bgpgroups:
${groups}`;

const MESH = `- name: MESH
  type: mesh
  source: { hostname: meshrr }
`;

function load(text: string, env: Record<string, string> = {}) {
  const result = loadConfig({ text, origin: 'f' }, env);
  return result.ok
    ? { config: result.config, warnings: result.warnings.map(formatConfigIssue) }
    : { errors: result.errors.map(formatConfigIssue) };
}

describe('BGP keys of meshrr.conf.yml', () => {
  it('reads families (with Junos spellings), family transport and the session options', () => {
    const out = load(
      base(`- name: CLIENTS
  type: subtractive
  prefixes: [10.0.0.0/8, fd00::/8]
  families: [inet, INET6, evpn]
  family_transport: matching
  authentication: { key_file: /etc/meshrr/md5/key }
  timers: { hold_seconds: 9 }
  bfd: true
  max_prefixes: 1000
- name: RS
  type: subtractive
  prefixes: [192.168.0.0/16]
  asranges: ["65001-65500"]
  multihop_ttl: 2
  transparent: true
  max_prefixes: { limit: 500, restart_minutes: 5 }
  authentication: { method: tcp-ao, key_file: /k, send_id: 3, recv_id: 4, algorithm: aes-128-cmac-96 }
`),
    );
    expect(out.errors).toBeUndefined();
    expect(out.config?.groups.map((g) => g.bgp)).toEqual([
      {
        families: ['ipv4-unicast', 'ipv6-unicast', 'l2vpn-evpn'],
        familyTransport: 'matching',
        authentication: { method: 'md5', keyFile: '/etc/meshrr/md5/key' },
        timers: { holdTimeS: 9 },
        bfd: { minimumIntervalMs: 300, multiplier: 3 },
        prefixLimit: { maximum: 1000, warningOnly: false },
      },
      {
        multihopTtl: 2,
        transparent: true,
        prefixLimit: { maximum: 500, warningOnly: false, restartMinutes: 5 },
        authentication: {
          method: 'tcp-ao',
          keyFile: '/k',
          sendId: 3,
          recvId: 4,
          algorithm: 'aes-128-cmac-96',
        },
      },
    ]);
  });

  it('folds top-level families into groups without their own, and reads router-level keys', () => {
    const out = load(
      base(
        `${MESH}- name: UP
  type: mesh
  source: { hostname: up }
  families: [ipv4-unicast]
`,
        `router_id: 192.0.2.9
families: [ipv4-unicast, ipv6-unicast]
graceful_restart: { restart_time_seconds: 60, long_lived_stale_time_seconds: 3600 }
`,
      ),
    );
    expect(out.config?.groups.map((g) => g.bgp?.families)).toEqual([
      ['ipv4-unicast', 'ipv6-unicast'],
      ['ipv4-unicast'],
    ]);
    expect(out.config).toMatchObject({
      routerId: '192.0.2.9',
      gracefulRestart: { restartTimeS: 60, staleRoutesTimeS: 300, longLivedStaleTimeS: 3600 },
    });
  });

  it('defaults: no BGP keys, router_id auto', () => {
    const out = load(base(MESH, 'router_id: auto\n'));
    expect(out.config?.groups[0]?.bgp).toBeUndefined();
    expect(out.config?.routerId).toBeUndefined();
    expect(out.config?.gracefulRestart).toBeUndefined();
  });

  it('false means "owned and off"', () => {
    const out = load(
      base(`${MESH.trimEnd()}
  authentication: false
  timers: false
  bfd: false
  max_prefixes: false
`),
    );
    expect(out.config?.groups[0]?.bgp).toEqual({
      authentication: false,
      timers: false,
      bfd: false,
      prefixLimit: false,
    });
  });

  it('refuses bad values, each with its place and rule', () => {
    const out = load(
      base(
        `- name: MESH
  type: mesh
  source: { hostname: meshrr }
  families: [inet, ipv4-unicast, ipx]
  multihop_ttl: 3
  authentication: { key_file: relative/key, send_id: 1 }
  timers: { hold_seconds: 9, keepalive_seconds: 4 }
  bfd: { multiplier: 1 }
  max_prefixes: { limit: 10, warning_only: true, restart_minutes: 3 }
- name: CL
  type: subtractive
  prefixes: [10.0.0.0/8]
  transparent: true
- name: RS
  type: subtractive
  prefixes: [11.0.0.0/8]
  asranges: ["65001"]
  route_reflector_clients: true
`,
        'router_id: fd00::1\n',
      ),
    );
    expect(out.errors).toEqual([
      'f:2:12: router_id: must be an IPv4 address (the 32-bit BGP identifier) or auto (found "fd00::1"; allowed: auto (default: derived from POD_IP, see the reference), or a dotted quad such as 192.0.2.1)',
      'f:7:34: bgpgroups[0].families[2]: unknown address family (found "ipx"; allowed: ipv4-unicast, inet, inet-unicast, ipv6-unicast, inet6, inet6-unicast, ipv4-vpn, inet-vpn, inet-vpn-unicast, vpnv4, ipv6-vpn, inet6-vpn, inet6-vpn-unicast, vpnv6, l2vpn-evpn, evpn, evpn-signaling (any case))',
      'f:8:17: bgpgroups[0].multihop_ttl: only route-server groups (type subtractive with asranges) have this key (found 3)',
      'f:9:31: bgpgroups[0].authentication.key_file: must be an absolute file path (a mounted Secret, e.g. /etc/meshrr/bgp-auth/key) (found "relative/key")',
      'f:10:49: bgpgroups[0].timers.keepalive_seconds: must be at most a third of hold_seconds (9) (found 4)',
      'f:11:22: bgpgroups[0].bfd.multiplier: must be an integer from 2 to 255 (found 1)',
      'f:12:67: bgpgroups[0].max_prefixes.restart_minutes: has no effect with warning_only: true (the session is never torn down) (found 3)',
      'f:16:16: bgpgroups[1].transparent: only route-server groups have this key (add asranges to make this group one) (found true)',
      'f:21:28: bgpgroups[2].route_reflector_clients: a route-server group (asranges) is eBGP: its peers cannot be route-reflector clients (found true)',
    ]);
  });

  it('refuses a family named twice and send_id on md5', () => {
    const out = load(
      base(`${MESH.trimEnd()}
  families: [inet, ipv4-unicast]
  authentication: { key_file: /k, send_id: 1 }
`),
    );
    expect(out.errors).toEqual([
      'f:6:20: bgpgroups[0].families[1]: names ipv4-unicast again (already families[0]) (found "ipv4-unicast")',
      'f:7:44: bgpgroups[0].authentication.send_id: only method tcp-ao has this key (found 1)',
    ]);
  });

  it('long-lived graceful restart needs explicit families', () => {
    const out = load(base(MESH, 'graceful_restart: { long_lived_stale_time_seconds: 600 }\n'));
    expect(out.errors).toEqual([
      'f:2:52: graceful_restart.long_lived_stale_time_seconds: long-lived graceful restart is set per address family: set families (top level or in group MESH)',
    ]);
  });

  it('warns about each meshrr v0.1 variable that is set, naming its replacement', () => {
    const out = load(base(MESH), { MESH_SERVICE_NAME: 'meshrr', MESHRR_CLIENTRANGE: '10.0.0.0/8', KUBE_NAMESPACE: '' });
    expect(out.warnings).toEqual([
      '<environment>: MESH_SERVICE_NAME: is a meshrr v0.1 variable and is ignored since v0.2; use a group of type mesh with source.hostname: <service> in meshrr.conf.yml',
      '<environment>: MESHRR_CLIENTRANGE: is a meshrr v0.1 variable and is ignored since v0.2; use prefixes of a group of type subtractive',
    ]);
  });
});
