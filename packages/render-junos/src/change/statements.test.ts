import { describe, expect, it } from 'vitest';
import {
  Secret,
  type DesiredGroup,
  type DesiredRouterConfig,
  type GroupChange,
  type ManagedGroup,
  type ManagedState,
  type RenderInput,
} from '@meshrr/core';
import { desiredGroup, groupChange } from '@meshrr/core/testing';
import { JunosValueError } from '../errors.js';
import { checkJunosText } from '../junos/check.js';
import { parseXml } from '../testing-support/xml.js';
import { junosEdits } from './edits.js';
import { formatJunosCurly } from './formatCurly.js';
import { formatJunosSet } from './formatSet.js';
import { formatJunosXml } from './formatXml.js';

const G = 'groups MESHRR protocols bgp group';
const key = new Secret('k3y!Secret', '/etc/meshrr/md5/key');

function desired(groups: DesiredGroup[], extra: Partial<DesiredRouterConfig> = {}): DesiredRouterConfig {
  return {
    routerId: '10.0.0.1',
    asn: { value: 65000, text: '65000' },
    mode: 'ipv4rr',
    groups,
    gracefulShutdown: false,
    decisions: [],
    ...extra,
  };
}

const create = (group: DesiredGroup, extra: Partial<DesiredRouterConfig> = {}): RenderInput => ({
  desired: desired([group], extra),
  actual: { groups: [], gracefulShutdown: false },
  change: {
    groups: [
      groupChange(group.name, {
        create: true,
        addNeighbors: group.neighbors,
        addAllow: group.allow,
        ...(group.peerAsRanges.length > 0 ? { peerAsRanges: group.peerAsRanges } : {}),
      }),
    ],
  },
});

/** Every option of a client group, every family, per-neighbor families and LLGR. */
const full = desiredGroup('ALL', {
  kind: 'subtractive',
  clusterId: '10.0.0.1',
  families: ['ipv4-unicast', 'ipv6-unicast', 'ipv4-vpn', 'ipv6-vpn', 'l2vpn-evpn'],
  familyTransport: 'matching',
  neighbors: ['10.0.0.2', 'fd00::2'],
  neighborFamilies: {
    '10.0.0.2': ['ipv4-unicast', 'ipv4-vpn', 'l2vpn-evpn'],
    'fd00::2': ['ipv6-unicast', 'ipv6-vpn', 'l2vpn-evpn'],
  },
  allow: ['10.1.0.0/16'],
  authentication: { method: 'md5', key },
  timers: { holdTimeS: 9 },
  bfd: { minimumIntervalMs: 300, multiplier: 3 },
  prefixLimit: { maximum: 1000, warningOnly: false, restartMinutes: 5 },
  owned: ['type', 'cluster', 'families', 'authentication', 'timers', 'bfd', 'prefix-limit'],
});

const routeServer = desiredGroup('RS', {
  kind: 'subtractive',
  peerType: 'external',
  multihop: { ttl: 10, nextHopUnchanged: true },
  transparent: true,
  families: ['ipv4-unicast', 'ipv6-unicast'],
  allow: ['192.168.0.0/16'],
  peerAsRanges: [{ start: 65001, end: 65500 }],
  authentication: { method: 'tcp-ao', key, sendId: 3, recvId: 4, algorithm: 'aes-128-cmac-96' },
  owned: ['type', 'multihop', 'transparent', 'authentication'],
});

const GR = { restartTimeS: 120, staleRoutesTimeS: 300, longLivedStaleTimeS: 3600 };

/** Checks the set text, the XML and the curly form of the same edits for structure. */
function checkStructure(input: RenderInput): string {
  const edits = junosEdits(input);
  const set = formatJunosSet(edits);
  for (const line of set.trim().split('\n')) expect(line).toMatch(/^(set|delete|activate) groups MESHRR /);
  expect(() => parseXml(formatJunosXml(edits))).not.toThrow();
  const curly = formatJunosCurly(edits).join('\n');
  expect(checkJunosText(curly)).toEqual([]);
  return set;
}

describe('a created group gets every statement its kind needs, for every family and option', () => {
  it('client group: type, cluster, families, MD5 key, hold time, BFD, prefix limits, per-neighbor families, LLGR', () => {
    const set = checkStructure(create(full, { gracefulRestart: GR }));
    expect(set.split('\n')).toEqual([
      `set ${G} ALL type internal`,
      `set ${G} ALL cluster 10.0.0.1`,
      `set ${G} ALL family inet unicast`,
      `set ${G} ALL family inet6 unicast`,
      `set ${G} ALL family inet-vpn unicast`,
      `set ${G} ALL family inet6-vpn unicast`,
      `set ${G} ALL family evpn signaling`,
      `set ${G} ALL authentication-key "k3y!Secret"`,
      `set ${G} ALL hold-time 9`,
      `set ${G} ALL bfd-liveness-detection minimum-interval 300`,
      `set ${G} ALL bfd-liveness-detection multiplier 3`,
      `set ${G} ALL family inet unicast prefix-limit maximum 1000`,
      `set ${G} ALL family inet unicast prefix-limit teardown idle-timeout 5`,
      `set ${G} ALL family inet6 unicast prefix-limit maximum 1000`,
      `set ${G} ALL family inet6 unicast prefix-limit teardown idle-timeout 5`,
      `set ${G} ALL family inet-vpn unicast prefix-limit maximum 1000`,
      `set ${G} ALL family inet-vpn unicast prefix-limit teardown idle-timeout 5`,
      `set ${G} ALL family inet6-vpn unicast prefix-limit maximum 1000`,
      `set ${G} ALL family inet6-vpn unicast prefix-limit teardown idle-timeout 5`,
      `set ${G} ALL family evpn signaling prefix-limit maximum 1000`,
      `set ${G} ALL family evpn signaling prefix-limit teardown idle-timeout 5`,
      `set ${G} ALL family inet unicast graceful-restart long-lived restarter stale-time 3600`,
      `set ${G} ALL family inet6 unicast graceful-restart long-lived restarter stale-time 3600`,
      `set ${G} ALL family inet-vpn unicast graceful-restart long-lived restarter stale-time 3600`,
      `set ${G} ALL family inet6-vpn unicast graceful-restart long-lived restarter stale-time 3600`,
      `set ${G} ALL family evpn signaling graceful-restart long-lived restarter stale-time 3600`,
      `set ${G} ALL neighbor 10.0.0.2`,
      `set ${G} ALL neighbor 10.0.0.2 family inet unicast`,
      `set ${G} ALL neighbor 10.0.0.2 family inet-vpn unicast`,
      `set ${G} ALL neighbor 10.0.0.2 family evpn signaling`,
      `set ${G} ALL neighbor fd00::2`,
      `set ${G} ALL neighbor fd00::2 family inet6 unicast`,
      `set ${G} ALL neighbor fd00::2 family inet6-vpn unicast`,
      `set ${G} ALL neighbor fd00::2 family evpn signaling`,
      `set ${G} ALL allow 10.1.0.0/16`,
      '',
    ]);
  });

  it('route-server group: external, multihop, route-server-client, TCP-AO key chain, as-list', () => {
    const set = checkStructure(create(routeServer));
    expect(set.split('\n')).toEqual([
      `set ${G} RS type external`,
      `set ${G} RS multihop ttl 10`,
      `set ${G} RS multihop no-nexthop-change`,
      `set ${G} RS route-server-client`,
      `set ${G} RS family inet unicast`,
      `set ${G} RS family inet6 unicast`,
      'set groups MESHRR security authentication-key-chains key-chain MESHRR-RS key 0 secret "k3y!Secret"',
      'set groups MESHRR security authentication-key-chains key-chain MESHRR-RS key 0 start-time "2000-1-1.00:00:00 +0000"',
      'set groups MESHRR security authentication-key-chains key-chain MESHRR-RS key 0 algorithm ao',
      'set groups MESHRR security authentication-key-chains key-chain MESHRR-RS key 0 ao-attribute send-id 3',
      'set groups MESHRR security authentication-key-chains key-chain MESHRR-RS key 0 ao-attribute recv-id 4',
      'set groups MESHRR security authentication-key-chains key-chain MESHRR-RS key 0 ao-attribute tcp-ao-option enabled',
      'set groups MESHRR security authentication-key-chains key-chain MESHRR-RS key 0 ao-attribute cryptographic-algorithm aes-128-cmac-96',
      `set ${G} RS authentication-key-chain MESHRR-RS`,
      `set ${G} RS authentication-algorithm ao`,
      `set ${G} RS allow 192.168.0.0/16`,
      'set groups MESHRR policy-options as-list MESHRR:RS members 65001-65500',
      `set ${G} RS peer-as-list MESHRR:RS`,
      '',
    ]);
  });

  it('the XML of a created group carries every statement as elements, quoted values as text', () => {
    const xml = formatJunosXml(junosEdits(create(full)));
    expect(xml).toContain('<authentication-key>k3y!Secret</authentication-key>');
    expect(xml).toContain('<inet6-vpn>\n');
    expect(xml).toContain('<hold-time>9</hold-time>');
    expect(xml).toContain('<minimum-interval>300</minimum-interval>');
  });

  it('warning-only prefix limit has no teardown; Junos refuses a keepalive other than hold/3', () => {
    const warn = { ...full, prefixLimit: { maximum: 10, warningOnly: true }, families: ['ipv4-unicast' as const] };
    expect(formatJunosSet(junosEdits(create(warn)))).not.toContain('teardown');
    const keepalive = { ...full, timers: { holdTimeS: 9, keepaliveS: 1 } };
    expect(() => junosEdits(create(keepalive))).toThrow(JunosValueError);
    expect(() => junosEdits(create(keepalive))).toThrow(/always a third of hold-time/);
  });

  it('refuses a key that cannot be written as a Junos string, without showing it', () => {
    const bad = { ...full, authentication: { method: 'md5' as const, key: new Secret('has space', 'f') } };
    const error = (() => {
      try {
        junosEdits(create(bad));
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected an error');
    })();
    expect(error.message).toContain('authentication key must be 1-80 printable ASCII');
    expect(error.message).not.toContain('has space');
  });
});

describe('changes of owned statements on an existing group', () => {
  const actualOf = (over: Partial<ManagedGroup>): ManagedState => ({
    groups: [
      {
        name: 'ALL',
        peerType: 'internal',
        neighbors: ['10.0.0.2', 'fd00::2'],
        allow: ['10.1.0.0/16'],
        peerAsRanges: [],
        ...over,
      },
    ],
    gracefulShutdown: false,
  });
  const input = (
    actual: ManagedState,
    gc: Partial<GroupChange>,
    extra: Partial<DesiredRouterConfig> = {},
  ): RenderInput => ({
    desired: desired([full], extra),
    actual,
    change: {
      groups: [groupChange('ALL', gc)],
      ...(extra.gracefulRestart ? { statements: ['graceful-restart'] } : {}),
    },
  });

  it('replaces leaves, rewrites containers, changes families one by one', () => {
    const actual = actualOf({
      clusterId: '10.0.0.9',
      families: ['ipv4-unicast', 'ipv6-unicast'],
      bfd: { minimumIntervalMs: 50, multiplier: 3 },
      timers: { holdTimeS: 90 },
      authentication: { method: 'md5', key: new Secret('old', 'device') },
    });
    const set = checkStructure(
      input(actual, { statements: ['cluster', 'families', 'authentication', 'timers', 'bfd'] }),
    );
    expect(set.split('\n')).toEqual([
      `set ${G} ALL cluster 10.0.0.1`,
      `set ${G} ALL family inet-vpn unicast`,
      `set ${G} ALL family inet6-vpn unicast`,
      `set ${G} ALL family evpn signaling`,
      `set ${G} ALL authentication-key "k3y!Secret"`,
      `set ${G} ALL hold-time 9`,
      `delete ${G} ALL bfd-liveness-detection`,
      `set ${G} ALL bfd-liveness-detection minimum-interval 300`,
      `set ${G} ALL bfd-liveness-detection multiplier 3`,
      `set ${G} ALL family inet-vpn unicast prefix-limit maximum 1000`,
      `set ${G} ALL family inet-vpn unicast prefix-limit teardown idle-timeout 5`,
      `set ${G} ALL family inet6-vpn unicast prefix-limit maximum 1000`,
      `set ${G} ALL family inet6-vpn unicast prefix-limit teardown idle-timeout 5`,
      `set ${G} ALL family evpn signaling prefix-limit maximum 1000`,
      `set ${G} ALL family evpn signaling prefix-limit teardown idle-timeout 5`,
      '',
    ]);
  });

  it('deletes what the configuration turned off, and per-neighbor families that changed', () => {
    const off = desiredGroup('ALL', {
      ...full,
      authentication: undefined,
      bfd: undefined,
      timers: undefined,
      prefixLimit: undefined,
    });
    const actual = actualOf({
      families: full.families,
      neighborFamilies: { '10.0.0.2': ['ipv4-unicast'] },
      authentication: { method: 'tcp-ao', sendId: 1, recvId: 1, algorithm: 'hmac-sha-1-96' },
      bfd: { minimumIntervalMs: 300, multiplier: 3 },
      timers: { holdTimeS: 9 },
      prefixLimit: { maximum: 5, warningOnly: true },
    });
    const set = formatJunosSet(
      junosEdits({
        desired: desired([off]),
        actual,
        change: {
          groups: [
            groupChange('ALL', {
              statements: ['authentication', 'timers', 'bfd', 'prefix-limit'],
              neighborFamilies: ['10.0.0.2', 'fd00::2'],
            }),
          ],
        },
      }),
    );
    expect(set.split('\n')).toEqual([
      `delete ${G} ALL neighbor 10.0.0.2 family`,
      `set ${G} ALL neighbor 10.0.0.2 family inet unicast`,
      `set ${G} ALL neighbor 10.0.0.2 family inet-vpn unicast`,
      `set ${G} ALL neighbor 10.0.0.2 family evpn signaling`,
      `set ${G} ALL neighbor fd00::2 family inet6 unicast`,
      `set ${G} ALL neighbor fd00::2 family inet6-vpn unicast`,
      `set ${G} ALL neighbor fd00::2 family evpn signaling`,
      `delete ${G} ALL authentication-key-chain`,
      `delete ${G} ALL authentication-algorithm`,
      'delete groups MESHRR security authentication-key-chains key-chain MESHRR-ALL',
      `delete ${G} ALL hold-time`,
      `delete ${G} ALL bfd-liveness-detection`,
      `delete ${G} ALL family inet unicast prefix-limit`,
      `delete ${G} ALL family inet6 unicast prefix-limit`,
      `delete ${G} ALL family inet-vpn unicast prefix-limit`,
      `delete ${G} ALL family inet6-vpn unicast prefix-limit`,
      `delete ${G} ALL family evpn signaling prefix-limit`,
      '',
    ]);
  });

  it('re-activates deactivated statements (set and XML)', () => {
    const actual = actualOf({
      inactive: [
        'group',
        'neighbor 10.0.0.2',
        'allow 10.1.0.0/16',
        'cluster',
        'families ipv6-unicast',
        'prefix-limit ipv4-unicast',
        'authentication',
        'timers',
        'bfd',
      ],
    });
    const rendered = input(actual, { activate: actual.groups[0]!.inactive });
    const edits = junosEdits(rendered);
    expect(formatJunosSet(edits).split('\n')).toEqual([
      `activate ${G} ALL`,
      `activate ${G} ALL neighbor 10.0.0.2`,
      `activate ${G} ALL allow 10.1.0.0/16`,
      `activate ${G} ALL cluster`,
      `activate ${G} ALL family inet6`,
      `activate ${G} ALL family inet unicast prefix-limit`,
      `activate ${G} ALL authentication-key`,
      `activate ${G} ALL hold-time`,
      `activate ${G} ALL bfd-liveness-detection`,
      '',
    ]);
    const xml = formatJunosXml(edits);
    expect(xml).toContain('<neighbor active="active">\n');
    expect(xml).toContain('<cluster active="active"/>');
    expect(xml).toContain('<inet6 active="active"/>');
  });

  it('router level: graceful restart, long-lived per family of groups with owned families, re-activation', () => {
    const actual = { ...actualOf({ families: full.families }), inactive: ['graceful-shutdown'] };
    const edits = junosEdits({
      desired: desired([full], { gracefulRestart: GR, gracefulShutdown: true }),
      actual,
      change: { groups: [], statements: ['graceful-restart'], activate: ['graceful-shutdown'] },
    });
    const set = formatJunosSet(edits);
    expect(set).toContain('set groups MESHRR protocols bgp graceful-restart restart-time 120\n');
    expect(set).toContain('set groups MESHRR protocols bgp graceful-restart stale-routes-time 300\n');
    expect(set).toContain(`set ${G} ALL family evpn signaling graceful-restart long-lived restarter stale-time 3600\n`);
    expect(set).toContain('activate groups MESHRR protocols bgp graceful-shutdown\n');
    expect(checkJunosText(formatJunosCurly(edits).join('\n'))).toEqual([]);
  });

  it('never writes a deactivated statement it does not manage', () => {
    const actual = actualOf({ inactive: ['export'] });
    expect(() => junosEdits(input(actual, { activate: ['export'] }))).toThrow(/not one meshrr manages/);
  });
});
