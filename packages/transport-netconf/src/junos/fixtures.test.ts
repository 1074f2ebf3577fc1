/**
 * Every recorded Junos reply in `__fixtures__/junos/` (copied from the shared reference set; see its
 * INDEX.md for sources) is parsed here, table-driven over INDEX.md, with exact expectations.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { DeviceRejectedError, STATEMENT_KINDS, type BgpSessionState } from '@meshrr/core';
import { describe, expect, it } from 'vitest';
import { LockDeniedError, MalformedReplyError } from '../errors.js';
import { decodeReply } from '../rpc/decodeReply.js';
import { negotiateFraming, parseServerHello, DEFAULT_CLIENT_CAPABILITIES } from '../rpc/hello.js';
import { assertRpcOk } from '../rpc/rpcFailure.js';
import { failures, readRpcReply, warnings, type RpcReply } from '../rpc/rpcReply.js';
import { child, childText, descendants, parseXml, type XmlElement } from '../xml/index.js';
import { bgpSessionsFrom } from './bgpSessions.js';
import { managedStateFromConfiguration } from './managedState.js';
import { repairUnclosedRoutingEngine } from './repairRoutingEngine.js';

const DIR = new URL('../__fixtures__/junos/', import.meta.url);
const raw = (file: string): string => readFileSync(new URL(file, DIR), 'utf8');
const indexFiles = [...raw('INDEX.md').matchAll(/^\| ([a-z][^ |]*\.(?:xml|txt)) \|/gm)].map((m) => m[1] as string);

/** The fixture as a complete `<rpc-reply>` text: fragments are wrapped the way INDEX.md says they sat on the wire. */
function replyText(file: string): string {
  const text = raw(file)
    .replace(/^\ufeff/, '')
    .replace(/^<\?xml[^>]*\?>/, '')
    .trim();
  if (text.startsWith('<rpc-reply') || text.startsWith('<nc:rpc-reply')) return text;
  return `<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" xmlns:junos="http://xml.juniper.net/junos/21.2R0/junos" message-id="1">${text}</rpc-reply>`;
}
const reply = (file: string): RpcReply => readRpcReply(decodeReply(replyText(file), repairUnclosedRoutingEngine));
const EMPTY = parseXml('<rpc-reply/>');

function rejection(file: string): unknown {
  try {
    assertRpcOk('test', reply(file));
    return undefined;
  } catch (error) {
    return error;
  }
}

function expectOk(file: string, warningMessages: string[] = []): RpcReply {
  const r = reply(file);
  expect(failures(r)).toEqual([]);
  expect(warnings(r).map((w) => w.message)).toEqual(warningMessages);
  expect(() => assertRpcOk('test', r)).not.toThrow();
  return r;
}

function expectRejected(file: string, messages: string[], devicePath?: string): void {
  const error = rejection(file);
  expect(error).toBeInstanceOf(DeviceRejectedError);
  expect((error as DeviceRejectedError).deviceMessages).toEqual(messages);
  expect((error as DeviceRejectedError).devicePath).toBe(devicePath);
}

const byState = (sessions: readonly BgpSessionState[]): Record<string, number> =>
  sessions.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.state]: (acc[s.state] ?? 0) + 1 }), {});
const root = (file: string): XmlElement => reply(file).root;

const EXPECTATIONS: Record<string, () => void> = {
  'pyez_hello_junos_with-comment-preamble_eom.txt': () => {
    const hello = parseServerHello(raw('pyez_hello_junos_with-comment-preamble_eom.txt').replace(']]>]]>', ''));
    expect(hello.sessionId).toBe(7478);
    expect(hello.capabilities).toHaveLength(13);
    expect(hello.capabilities).toContain('http://xml.juniper.net/netconf/junos/1.0');
    expect(negotiateFraming(DEFAULT_CLIENT_CAPABILITIES, hello.capabilities)).toBe('eom');
  },
  'gonetconf_hello_junos_srx240_eom.txt': () => {
    const hello = parseServerHello(raw('gonetconf_hello_junos_srx240_eom.txt').replace(']]>]]>', ''));
    expect(hello.sessionId).toBe(19313);
    expect(hello.capabilities[0]).toBe('urn:ietf:params:xml:ns:netconf:base:1.0');
    expect(hello.capabilities).toHaveLength(7);
    expect(negotiateFraming(DEFAULT_CLIENT_CAPABILITIES, hello.capabilities)).toBe('eom');
  },
  'rustnetconf_load-configuration-results_warning_plus-ok_21.2R0.xml': () =>
    void expectOk('rustnetconf_load-configuration-results_warning_plus-ok_21.2R0.xml', ['statement not found']),
  'ansible-ci_load-configuration-results_syntax-error_load-error-count_15.1X49.xml': () =>
    expectRejected(
      'ansible-ci_load-configuration-results_syntax-error_load-error-count_15.1X49.xml',
      ['syntax error', 'syntax error'],
      'lldp',
    ),
  'ansible-ci_load-configuration-results_errors-AND-ok_15.1X49.xml': () => {
    expect(reply('ansible-ci_load-configuration-results_errors-AND-ok_15.1X49.xml').errors).toHaveLength(3);
    expectRejected('ansible-ci_load-configuration-results_errors-AND-ok_15.1X49.xml', [
      'could not set size',
      'could not set files',
      'could not set log-rotate-frequency',
    ]);
  },
  'ansible-ci_rpc-error_unknown-command_set-load_15.1X49.xml': () =>
    expectRejected('ansible-ci_rpc-error_unknown-command_set-load_15.1X49.xml', ['unknown command'], 'invalid'),
  'pyez_load-configuration-results_syntax-error_bad-element.xml': () =>
    expectRejected(
      'pyez_load-configuration-results_syntax-error_bad-element.xml',
      ['syntax error', 'error recovery ignores input until this point'],
      'system1',
    ),
  'ansible-ci_rpc-error_lock-denied_15.1X49.xml': () => {
    const error = rejection('ansible-ci_rpc-error_lock-denied_15.1X49.xml');
    expect(error).toBeInstanceOf(LockDeniedError);
    expect((error as LockDeniedError).holderSessionId).toBe('50198');
    expect((error as LockDeniedError).message).toBe(
      'test: the configuration is locked by another session (session 50198); will retry: configuration database locked by: ansible terminal (pid 50198) on since 2017-07-27 01:21:33 UTC, idle 01:00:51 exclusive',
    );
  },
  'ansible-ci_rpc-error_configuration-database-not-open_15.1X49.xml': () =>
    expectRejected('ansible-ci_rpc-error_configuration-database-not-open_15.1X49.xml', [
      'Configuration database is not open',
    ]),
  'oess_open-configuration-private_warning-only_15.1F6.xml': () =>
    void expectOk('oess_open-configuration-private_warning-only_15.1F6.xml', [
      'uncommitted changes will be discarded on exit',
    ]),
  'gonetconf_commit-results_empty_plus-ok_15.1F4.xml': () =>
    expect(expectOk('gonetconf_commit-results_empty_plus-ok_15.1F4.xml').ok).toBe(true),
  'rustnetconf_commit-results_empty_plus-ok_21.2R0.xml': () =>
    expect(expectOk('rustnetconf_commit-results_empty_plus-ok_21.2R0.xml').messageId).toBe('101'),
  'gonetconf_commit-check_warnings_plus-ok_16.1R3.xml': () => {
    const r = expectOk('gonetconf_commit-check_warnings_plus-ok_16.1R3.xml', [
      "mgd: requires 'mpls' license",
      "mgd: requires 'bgp' license",
    ]);
    expect(r.errors[0]).toEqual({
      severity: 'warning',
      message: "mgd: requires 'mpls' license",
      path: '[edit protocols]',
      badElement: 'mpls',
    });
    expect(childText(descendants(r.root, 'routing-engine')[0], 'name')).toBe('fpc0');
  },
  'gonetconf_commit-results_errors_missing-mandatory_15.1F4.xml': () =>
    expectRejected(
      'gonetconf_commit-results_errors_missing-mandatory_15.1F4.xml',
      [
        "mgd: Missing mandatory statement: 'root-authentication'",
        'configuration check-out failed: (missing mandatory statements)',
      ],
      '[edit] system',
    ),
  'pyez_commit_rpc-error_multiple-errors_15.2D0.xml': () =>
    expectRejected('pyez_commit_rpc-error_multiple-errors_15.2D0.xml', [
      "interface-range 'axp' is not defined",
      'interface-ranges expansion failed',
    ]),
  'oess_commit-results_private_load-success_errors_source-daemon_15.1F6.xml': () => {
    expect(
      reply('oess_commit-results_private_load-success_errors_source-daemon_15.1F6.xml').errors[0]?.sourceDaemon,
    ).toBe('dcd');
    expectRejected(
      'oess_commit-results_private_load-success_errors_source-daemon_15.1F6.xml',
      ['logical unit is not allowed on aggregated links', 'configuration check-out failed'],
      '[edit interfaces ge-0/0/2] unit 2000',
    );
  },
  'pyez_commit-results_xnm-error_junoscript-style_12.1X46.xml': () =>
    expectRejected(
      'pyez_commit-results_xnm-error_junoscript-style_12.1X46.xml',
      ['Only unit 0 is valid for this encapsulation', 'configuration check-out failed'],
      '[edit interfaces ge-0/0/1] unit 2',
    ),
  'gojunos-issue34_commit-check_dual-RE_mx960_FRAGMENT.txt': () => {
    const r = expectOk('gojunos-issue34_commit-check_dual-RE_mx960_FRAGMENT.txt');
    expect(descendants(r.root, 'routing-engine').map((e) => childText(e, 'name'))).toEqual(['re0', 're1']);
    expect(r.ok).toBe(true);
  },
  'ncclient_commit_reply_UNCLOSED-routing-engine_12.1X46.MALFORMED.xml': () => {
    const file = 'ncclient_commit_reply_UNCLOSED-routing-engine_12.1X46.MALFORMED.xml';
    expect(() => decodeReply(replyText(file))).toThrow(MalformedReplyError);
    const r = expectOk(file);
    expect(r.ok).toBe(true);
    expect(child(child(r.root, 'routing-engine'), 'commit-success')).toBeDefined();
  },
  'rustnetconf_commit-check_cluster_UNCLOSED-routing-engine_rfc-compliant_25.4R1.12.MALFORMED.xml': () => {
    const file = 'rustnetconf_commit-check_cluster_UNCLOSED-routing-engine_rfc-compliant_25.4R1.12.MALFORMED.xml';
    expect(() => decodeReply(replyText(file))).toThrow("Expected closing tag 'routing-engine'");
    const r = expectOk(file);
    expect(r.root.prefix).toBe('nc');
    expect(r.ok).toBe(true);
    expect(childText(child(r.root, 'routing-engine'), 'name')).toBe('node1');
  },
  'ansible-ci_rpc-error_syntax-error-expecting-command_15.1X49.xml': () =>
    expectRejected(
      'ansible-ci_rpc-error_syntax-error-expecting-command_15.1X49.xml',
      ['syntax error, expecting <command>'],
      'foo',
    ),
  'pyez_rpc-error_permission-denied.xml': () =>
    expectRejected('pyez_rpc-error_permission-denied.xml', ['permission denied'], 'get-permission-denied'),
  'pyez_get-configuration_committed_12.1X46.xml': () => {
    const configuration = child(
      expectOk('pyez_get-configuration_committed_12.1X46.xml').root,
      'configuration',
    ) as XmlElement;
    expect(configuration.attrs.get('commit-user')).toBe('rick');
    expect(managedStateFromConfiguration(configuration)).toEqual({
      groups: [],
      gracefulShutdown: false,
      statementsRead: STATEMENT_KINDS,
    });
  },
  'pyez_configuration-information_text-output_12.1X46.xml': () => {
    const output = descendants(
      expectOk('pyez_configuration-information_text-output_12.1X46.xml').root,
      'configuration-output',
    )[0] as XmlElement;
    expect(output.text.split('\n')[1]).toBe('## Last commit: 2014-03-24 16:34:32 UTC by rick');
  },
  'napalm_get-configuration_protocols-bgp-groups-neighbors.xml': () => {
    // Real group/neighbor XML shapes, moved under groups MESHRR to exercise the managed-state mapping.
    const protocols = child(
      child(expectOk('napalm_get-configuration_protocols-bgp-groups-neighbors.xml').root, 'configuration'),
      'protocols',
    ) as XmlElement;
    const groups = {
      name: 'groups',
      prefix: '',
      ns: undefined,
      attrs: new Map(),
      text: '',
      children: [parseXml('<name>MESHRR</name>'), protocols],
    };
    const state = managedStateFromConfiguration({ ...protocols, name: 'configuration', children: [groups] });
    // A real capture with group type and neighbor-level `family inet unicast`: read as meshrr's statements.
    expect(state).toEqual({
      groups: [
        {
          name: 'PEERS-GROUP-NAME',
          peerType: 'external',
          neighbors: ['172.17.17.1', '192.168.0.1'],
          neighborFamilies: { '172.17.17.1': ['ipv4-unicast'], '192.168.0.1': ['ipv4-unicast'] },
          allow: [],
          peerAsRanges: [],
        },
      ],
      gracefulShutdown: false,
      statementsRead: STATEMENT_KINDS,
    });
  },
  'pyez_get-configuration_openconfig-bgp.xml': () => {
    const bgp = child(expectOk('pyez_get-configuration_openconfig-bgp.xml').root, 'bgp') as XmlElement;
    expect(bgp.ns).toBe('http://openconfig.net/yang/bgp');
    expect(descendants(bgp, 'neighbor-address').map((e) => e.text)).toEqual(['10.10.0.1']);
  },
  'centreon_get-bgp-neighbor-information_raw-ns_21.2R0_established-active-connect-idle.xml': () => {
    const sessions = bgpSessionsFrom(
      root('centreon_get-bgp-neighbor-information_raw-ns_21.2R0_established-active-connect-idle.xml'),
      EMPTY,
    );
    expect(sessions).toHaveLength(12);
    expect(byState(sessions)).toEqual({ Established: 4, Connect: 4, Active: 4 });
    expect(sessions.find((s) => s.peer === '10.0.0.7')).toEqual({
      peer: '10.0.0.7',
      state: 'Established',
      group: 'IBGP-RR-TO-CLIENT',
      connectionsEstablished: 9,
      remoteAs: 29283,
    });
    expect(sessions.find((s) => s.peer === '10.0.0.3')?.state).toBe('Connect');
    expect(sessions.some((s) => s.peer.startsWith('172.16.') || s.peer.startsWith('2001:'))).toBe(false);
  },
  'napalm_get-bgp-neighbor-information_established-active-idle-ipv6.xml': () => {
    const sessions = bgpSessionsFrom(
      root('napalm_get-bgp-neighbor-information_established-active-idle-ipv6.xml'),
      root('napalm_get-bgp-summary-information_established-active-idle-ipv6.xml'),
    );
    expect(
      sessions.map((s) => `${s.peer} ${s.state} ${s.establishedForMs ?? '-'} ${s.connectionsEstablished}`),
    ).toEqual([
      '10.2.1.253 Established 12688372000 1',
      '10.2.1.254 Established 12688392000 1',
      '192.168.0.0 Established 696446000 2',
      '192.169.1.0 Active - 0',
      '192.169.1.2 Idle - 0',
      '2a01:280:100::1 Idle - 1',
    ]);
  },
  'napalm_get-bgp-neighbor-information_established-active_flaps.xml': () => {
    const sessions = bgpSessionsFrom(
      root('napalm_get-bgp-neighbor-information_established-active_flaps.xml'),
      root('napalm_get-bgp-summary-information_established-active.xml'),
    );
    expect(sessions.find((s) => s.peer === '192.169.1.0')).toEqual({
      peer: '192.169.1.0',
      state: 'Active',
      connectionsEstablished: 11,
      remoteAs: 30000,
    });
    expect(sessions.find((s) => s.peer === '10.3.1.254')?.establishedForMs).toBe(12_688_391_000);
  },
  'napalm_get-bgp-neighbor-information_peer-group_evpn-underlay.xml': () => {
    const sessions = bgpSessionsFrom(
      root('napalm_get-bgp-neighbor-information_peer-group_evpn-underlay.xml'),
      root('napalm_get-bgp-summary-information_evpn-underlay.xml'),
    );
    expect(sessions.map((s) => [s.peer, s.group, s.establishedForMs])).toEqual([
      ['10.92.51.2', 'underlay', 8_918_000],
      ['10.92.52.2', 'underlay', 9_072_000],
      ['10.92.99.91', 'evpn', 8_913_000],
      ['10.92.99.92', 'evpn', 9_068_000],
    ]);
  },
  'napalm_get-bgp-neighbor-information_junos-routing-ns_14.1R1.xml': () => {
    const r = root('napalm_get-bgp-neighbor-information_junos-routing-ns_14.1R1.xml');
    expect(child(r, 'bgp-information')?.ns).toBe('http://xml.juniper.net/junos/14.1R1/junos-routing');
    expect(bgpSessionsFrom(r, EMPTY).map((s) => s.peer)).toEqual(['10.2.1.254', '192.168.2.15', 'fd:1:2:3::2']);
  },
  'napalm_get-bgp-summary-information_established-active.xml': () => {
    const sessions = bgpSessionsFrom(EMPTY, root('napalm_get-bgp-summary-information_established-active.xml'));
    expect(sessions.map((s) => [s.peer, s.state, s.establishedForMs, s.remoteAs])).toEqual([
      ['10.3.1.254', 'Established', 12_688_391_000, 29999],
      ['192.168.0.0', 'Established', 699_262_000, 30000],
      ['192.169.1.0', 'Active', undefined, 30000],
    ]);
  },
  'napalm_get-bgp-summary-information_established-active-idle-ipv6.xml': () =>
    expect(
      byState(bgpSessionsFrom(EMPTY, root('napalm_get-bgp-summary-information_established-active-idle-ipv6.xml'))),
    ).toEqual({ Established: 3, Active: 1, Idle: 2 }),
  'napalm_get-bgp-summary-information_evpn-underlay.xml': () =>
    expect(
      bgpSessionsFrom(EMPTY, root('napalm_get-bgp-summary-information_evpn-underlay.xml')).map(
        (s) => s.connectionsEstablished,
      ),
    ).toEqual([1, 2, 1, 2]),
  'ansible-ci_get-route-information_with-keepalive-comment_ns-stripped_15.1X49.xml': () => {
    const info = child(
      expectOk('ansible-ci_get-route-information_with-keepalive-comment_ns-stripped_15.1X49.xml').root,
      'route-information',
    ) as XmlElement;
    expect(info.children.map((c) => c.name)).toEqual(['route-table']);
    expect(descendants(info, 'rt-destination').map((e) => e.text)).toEqual([
      '1.1.1.1/32',
      '172.26.0.0/16',
      '172.26.4.0/24',
      '172.26.4.28/32',
    ]);
  },
  'ansible-ci_get-software-information_ns-stripped_15.1X49.xml': () =>
    expect(
      childText(
        child(expectOk('ansible-ci_get-software-information_ns-stripped_15.1X49.xml').root, 'software-information'),
        'junos-version',
      ),
    ).toBe('15.1X49-D15.4'),
};

describe('recorded Junos replies (every file in INDEX.md)', () => {
  it('INDEX.md lists every fixture file and nothing else', () => {
    const onDisk = readdirSync(DIR)
      .filter((f) => f !== 'INDEX.md')
      .sort();
    expect([...indexFiles].sort()).toEqual(onDisk);
    expect(indexFiles).toHaveLength(36);
  });

  it.each(indexFiles)('%s', (file) => {
    const check = EXPECTATIONS[file];
    expect(check, `no expectation for ${file}`).toBeDefined();
    check?.();
  });
});
