/**
 * The Junos dialect end to end over real SSH (ssh2 client ↔ ssh2 server on 127.0.0.1): a scripted
 * device answers with recorded Junos replies from `__fixtures__/junos/` and checks every request
 * we send byte-for-byte against `__golden__/junos/*.xml`.
 */
import { DeviceRejectedError, TransportError, type RenderedChange } from '@meshrr/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockDeniedError, SessionClosedError, UnsupportedOperationError } from '../errors.js';
import { fixture, fixtureReply } from '../testing-support/junosFixtures.js';
import { startJunosHarness, type JunosHarness } from '../testing-support/junosHarness.js';
import { JunosScriptServer, type ScriptStep } from '../testing-support/junosScriptServer.js';
import { writeFileSync } from 'node:fs';
import { startBlackholeProxy } from '../testing-support/blackholeProxy.js';
import { JunosConfigSession } from './junosConfigSession.js';

const NS = 'xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" xmlns:junos="http://xml.juniper.net/junos/23.4R1.9/junos" xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"';
const OK = `<rpc-reply ${NS}>\n<ok/>\n</rpc-reply>`;
const HELLO = fixture('pyez_hello_junos_with-comment-preamble_eom.txt');
const DIFF = '\n[edit groups MESHRR protocols bgp group MESHRR-MESH]\n+     neighbor 10.42.0.14;\n';
const DIFF_REPLY = `<rpc-reply ${NS}>\n<configuration-information>\n<configuration-output>${DIFF}</configuration-output>\n</configuration-information>\n</rpc-reply>`;
const NO_DIFF_REPLY = `<rpc-reply ${NS}>\n<configuration-information>\n<configuration-output>\n</configuration-output>\n</configuration-information>\n</rpc-reply>`;
const COMMIT_OK = `<rpc-reply ${NS}>\n<commit-results>\n<routing-engine junos:style="normal">\n<name>re0</name>\n<commit-success/>\n</routing-engine>\n</commit-results>\n<ok/>\n</rpc-reply>`;
/** Built from the Junos XML mapping (no recorded MESHRR capture exists): lists keyed by <name>, leaf-lists repeated, junos: attributes, an inactive neighbor. */
const MANAGED_REPLY = `<rpc-reply ${NS}>
<configuration junos:commit-seconds="1763860000" junos:commit-localtime="2025-11-23 01:06:40 UTC" junos:commit-user="meshrr">
    <groups>
        <name>MESHRR</name>
        <protocols>
            <bgp>
                <group>
                    <name>MESHRR-MESH</name>
                    <neighbor><name>10.42.0.12</name></neighbor>
                    <neighbor><name>10.42.0.11</name></neighbor>
                    <neighbor inactive="inactive"><name>10.42.0.13</name></neighbor>
                    <neighbor><name>2001:db8:0:0::1</name></neighbor>
                </group>
                <group>
                    <name>MESHRR-CLIENTS</name>
                    <type>internal</type>
                    <allow>fd00::/8</allow>
                    <allow>10.42.0.0/16</allow>
                </group>
                <group>
                    <name>RS</name>
                    <type>external</type>
                    <peer-as-list>MESHRR:RS</peer-as-list>
                    <allow>192.168.0.0/16</allow>
                </group>
                <graceful-shutdown>
                    <sender/>
                </graceful-shutdown>
            </bgp>
        </protocols>
        <policy-options>
            <as-list>
                <name>MESHRR:RS</name>
                <members>65001-65500</members>
                <members>64512</members>
            </as-list>
        </policy-options>
    </groups>
</configuration>
</rpc-reply>`;

const change = (format: string, body: string): RenderedChange => ({ platform: 'junos', format, body, digest: 'x' });
const SET_CHANGE = change('junos-set', 'delete groups MESHRR protocols bgp group MESHRR-MESH neighbor 10.42.0.11\nset groups MESHRR protocols bgp group MESHRR-MESH neighbor 10.42.0.14\n');
const signal = (): AbortSignal => new AbortController().signal;

let h: JunosHarness;
beforeEach(async () => {
  h = await startJunosHarness();
});
afterEach(async () => {
  await h.close();
});

function script(steps: ScriptStep[], hello = HELLO, helloGolden?: string): JunosScriptServer {
  const s = new JunosScriptServer(hello, steps, helloGolden);
  h.scripts.push(s);
  return s;
}
const done = (s: JunosScriptServer): void => {
  expect(s.problems).toEqual([]);
  expect(s.remaining).toBe(0);
};

describe('JunosTransport over SSH against recorded Junos replies', () => {
  it('reads state, stages, commits confirmed, confirms and closes (exclusive candidate)', async () => {
    const s = script([
      { request: 'get-configuration-managed', reply: MANAGED_REPLY },
      { request: 'get-bgp-neighbor-information', reply: fixtureReply('napalm_get-bgp-neighbor-information_established-active_flaps.xml') },
      { request: 'get-bgp-summary-information', reply: fixtureReply('napalm_get-bgp-summary-information_established-active.xml') },
      { request: 'lock-configuration', reply: OK },
      { request: 'load-configuration-set', reply: fixtureReply('rustnetconf_load-configuration-results_warning_plus-ok_21.2R0.xml') },
      { request: 'get-configuration-compare', reply: DIFF_REPLY },
      { request: 'commit-configuration-confirmed', reply: fixtureReply('gonetconf_commit-check_warnings_plus-ok_16.1R3.xml') },
      { request: 'commit-configuration', reply: fixtureReply('ncclient_commit_reply_UNCLOSED-routing-engine_12.1X46.MALFORMED.xml') },
      { request: 'unlock-configuration', reply: OK },
      { request: 'close-session', reply: OK },
    ]);
    const transport = h.transport();
    expect(transport.platform).toBe('junos');
    const session = await transport.open(signal());
    expect(await transport.open(signal())).toBe(session);
    expect(await session.readManaged(signal())).toEqual({
      groups: [
        { name: 'MESHRR-CLIENTS', neighbors: [], allow: ['10.42.0.0/16', 'fd00::/8'], peerAsRanges: [] },
        { name: 'MESHRR-MESH', neighbors: ['10.42.0.11', '10.42.0.12', '2001:db8::1'], allow: [], peerAsRanges: [] },
        { name: 'RS', neighbors: [], allow: ['192.168.0.0/16'], peerAsRanges: [{ start: 64512, end: 64512 }, { start: 65001, end: 65500 }] },
      ],
      gracefulShutdown: true,
    });
    expect(await session.bgpSessions(signal())).toEqual([
      { peer: '10.3.1.254', state: 'Established', establishedForMs: 12_688_391_000, connectionsEstablished: 1, remoteAs: 29999 },
      { peer: '192.168.0.0', state: 'Established', establishedForMs: 699_262_000, connectionsEstablished: 2, remoteAs: 30000 },
      { peer: '192.169.1.0', state: 'Active', connectionsEstablished: 11, remoteAs: 30000 },
    ]);
    expect(await session.stage(SET_CHANGE, signal())).toEqual({ deviceDiff: DIFF.slice(1) });
    await session.commit({ confirmTimeoutS: 90, comment: 'meshrr: add 10.42.0.14 <discovered>' }, signal());
    await session.confirm(signal());
    await session.close();
    await session.close();
    done(s);
    expect(h.logger.lines.filter((l) => l.message === 'device warnings').map((l) => l.fields['warnings'])).toEqual([
      ['warning: statement not found'],
      ["warning: mgd: requires 'mpls' license [edit protocols] (mpls)", "warning: mgd: requires 'bgp' license [edit protocols] (bgp)"],
    ]);
  });

  it('stage reports an empty diff as "" and abort discards and unlocks', async () => {
    const s = script([
      { request: 'lock-configuration', reply: OK },
      { request: 'load-configuration-xml', reply: fixtureReply('rustnetconf_commit-results_empty_plus-ok_21.2R0.xml').replace('commit-results', 'load-configuration-results').replace('</commit-results>', '</load-configuration-results>') },
      { request: 'get-configuration-compare', reply: NO_DIFF_REPLY },
      { request: 'load-configuration-rollback-0', reply: OK },
      { request: 'unlock-configuration', reply: OK },
    ]);
    const session = await h.transport().open(signal());
    const xml = '<configuration>\n  <groups>\n    <name>MESHRR</name>\n    <protocols>\n      <bgp>\n        <group>\n          <name>MESHRR-MESH</name>\n          <neighbor operation="delete">\n            <name>10.42.0.11</name>\n          </neighbor>\n        </group>\n      </bgp>\n    </protocols>\n  </groups>\n</configuration>\n';
    expect(await session.stage(change('junos-xml', xml), signal())).toEqual({ deviceDiff: '' });
    await session.abort(signal());
    await session.abort(signal());
    done(s);
  });

  it('a rejected load fails with the device messages and path, then rolls back and unlocks', async () => {
    const s = script([
      { request: 'lock-configuration', reply: OK },
      { request: 'load-configuration-text', reply: fixtureReply('ansible-ci_load-configuration-results_syntax-error_load-error-count_15.1X49.xml') },
      { request: 'load-configuration-rollback-0', reply: OK },
      { request: 'unlock-configuration', reply: OK },
    ]);
    const session = await h.transport().open(signal());
    const error = await session.stage(change('junos-text', 'protocols { lldp { interface all; } }\n'), signal()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceRejectedError);
    expect(error).toMatchObject({ deviceMessages: ['syntax error', 'syntax error'], devicePath: 'lldp', message: 'load-configuration rejected by the device: syntax error; syntax error at lldp' });
    done(s);
  });

  it('a lock held by another session is a retryable LockDeniedError', async () => {
    const s = script([{ request: 'lock-configuration', reply: fixtureReply('ansible-ci_rpc-error_lock-denied_15.1X49.xml') }]);
    const session = await h.transport().open(signal());
    const error = await session.stage(SET_CHANGE, signal()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockDeniedError);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as LockDeniedError).holderSessionId).toBe('50198');
    done(s);
  });

  it('a rejected commit is a DeviceRejectedError; abort then discards and unlocks', async () => {
    const s = script([
      { request: 'lock-configuration', reply: OK },
      { request: 'load-configuration-set', reply: OK },
      { request: 'get-configuration-compare', reply: DIFF_REPLY },
      { request: 'commit-configuration-confirmed', reply: fixtureReply('oess_commit-results_private_load-success_errors_source-daemon_15.1F6.xml') },
      { request: 'load-configuration-rollback-0', reply: OK },
      { request: 'unlock-configuration', reply: OK },
    ]);
    const session = await h.transport().open(signal());
    await session.stage(SET_CHANGE, signal());
    const error = await session.commit({ confirmTimeoutS: 90, comment: 'meshrr: add 10.42.0.14 <discovered>' }, signal()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'device-rejected', devicePath: '[edit interfaces ge-0/0/2] unit 2000', deviceMessages: ['logical unit is not allowed on aggregated links', 'configuration check-out failed'] });
    await session.abort(signal());
    done(s);
  });

  it('abort after a confirmed commit loads rollback 1, commits it and unlocks', async () => {
    const s = script([
      { request: 'lock-configuration', reply: OK },
      { request: 'load-configuration-set', reply: OK },
      { request: 'get-configuration-compare', reply: DIFF_REPLY },
      { request: 'commit-configuration-confirmed', reply: COMMIT_OK },
      { request: 'load-configuration-rollback-1', reply: OK },
      { request: 'commit-configuration-abort', reply: fixtureReply('rustnetconf_commit-check_cluster_UNCLOSED-routing-engine_rfc-compliant_25.4R1.12.MALFORMED.xml') },
      { request: 'unlock-configuration', reply: OK },
    ]);
    const session = await h.transport().open(signal());
    await session.stage(SET_CHANGE, signal());
    await session.commit({ confirmTimeoutS: 90, comment: 'meshrr: add 10.42.0.14 <discovered>' }, signal());
    await session.abort(signal());
    done(s);
  });

  it('private candidate: open-configuration warning is success, commit confirmed is refused before sending', async () => {
    const s = script([
      { request: 'open-configuration-private', reply: fixtureReply('oess_open-configuration-private_warning-only_15.1F6.xml') },
      { request: 'load-configuration-set', reply: OK },
      { request: 'get-configuration-compare', reply: DIFF_REPLY },
      { request: 'commit-configuration-log', reply: fixtureReply('gonetconf_commit-results_empty_plus-ok_15.1F4.xml') },
      { request: 'close-configuration', reply: OK },
    ]);
    const session = await h.transport({ candidate: 'private' }).open(signal());
    await session.stage(SET_CHANGE, signal());
    await expect(session.commit({ confirmTimeoutS: 60, comment: 'x' }, signal())).rejects.toBeInstanceOf(UnsupportedOperationError);
    await session.commit({ comment: 'meshrr: add 10.42.0.14' }, signal());
    await session.confirm(signal());
    done(s);
  });

  it('a connection lost mid-RPC is a TransportError, the session reports dead and open() reconnects', async () => {
    script([{ request: 'lock-configuration', reply: 'drop' }]);
    const second = script([{ request: 'get-configuration-managed', reply: MANAGED_REPLY }]);
    const transport = h.transport();
    const session = await transport.open(signal());
    const error = await session.stage(SET_CHANGE, signal()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionClosedError);
    expect((session as JunosConfigSession).alive).toBe(false);
    await session.abort(signal());
    const again = await transport.open(signal());
    expect(again).not.toBe(session);
    expect((await again.readManaged(signal())).groups).toHaveLength(3);
    done(second);
  });

  it('a device that goes silent is detected by SSH keepalive: the RPC fails with a TransportError, no hang', async () => {
    script([{ request: 'lock-configuration', reply: OK }, { request: 'lock-configuration', reply: OK }]);
    const proxy = await startBlackholeProxy(h.server.port);
    try {
      const hostKey = { kind: 'known-hosts' as const, path: `${h.dir}/known_hosts` };
      writeFileSync(hostKey.path, `[127.0.0.1]:${proxy.port} ssh-ed25519 ${h.server.hostKey.blob.toString('base64')}\n`);
      const transport = h.transport({ port: proxy.port, hostKey, keepalive: { intervalMs: 100, countMax: 2 }, timeouts: { rpcMs: 120_000 } });
      const session = await transport.open(signal());
      proxy.blackhole();
      const error = await session.stage(SET_CHANGE, signal()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportError);
      expect((error as Error).message).toContain('Keepalive timeout');
      expect((session as JunosConfigSession).alive).toBe(false);
    } finally {
      await proxy.close();
    }
  });

  it('rfc-compliant Junos with base:1.1: chunked framing and nc:-prefixed replies', async () => {
    const hello = '<!-- No zombies were killed during the creation of this user interface -->\n<!-- user meshrr, class super-user -->\n<nc:hello xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><nc:capabilities><nc:capability>urn:ietf:params:netconf:base:1.0</nc:capability><nc:capability>urn:ietf:params:netconf:base:1.1</nc:capability><nc:capability>http://xml.juniper.net/netconf/junos/1.0</nc:capability></nc:capabilities><nc:session-id>2345</nc:session-id></nc:hello>\n]]>]]>';
    const s = script([
      { request: 'lock-configuration', reply: '<nc:rpc-reply xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" xmlns:junos="http://xml.juniper.net/junos/25.4R1.12/junos"><nc:ok/></nc:rpc-reply>' },
      { request: 'load-configuration-set', reply: '<nc:rpc-reply xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><load-configuration-results><nc:rpc-error><nc:error-severity>error</nc:error-severity><nc:error-message>unknown command</nc:error-message><nc:error-info><nc:bad-element>invalid</nc:bad-element></nc:error-info></nc:rpc-error></load-configuration-results></nc:rpc-reply>' },
      { request: 'load-configuration-rollback-0', reply: '<nc:rpc-reply xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><nc:ok/></nc:rpc-reply>' },
      { request: 'unlock-configuration', reply: '<nc:rpc-reply xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><nc:ok/></nc:rpc-reply>' },
    ], hello);
    const session = await h.transport().open(signal());
    await expect(session.stage(SET_CHANGE, signal())).rejects.toMatchObject({ deviceMessages: ['unknown command'], devicePath: 'invalid' });
    done(s);
    expect(h.logger.lines.find((l) => l.message === 'NETCONF session opened')?.fields).toMatchObject({ framing: 'chunked', sessionId: 2345 });
  });

  it('refuses unknown change formats and platforms without touching the device', async () => {
    const s = script([]);
    const session = await h.transport().open(signal());
    await expect(session.stage(change('frr-conf', 'router bgp 1'), signal())).rejects.toThrow('change format "frr-conf" is not supported by the Junos transport (allowed: junos-set, junos-text, junos-xml)');
    await expect(session.stage({ ...SET_CHANGE, platform: 'frr' }, signal())).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(session.stage(change('junos-xml', '<groups/>'), signal())).rejects.toThrow('junos-xml change must have <configuration> as root, got <groups>');
    await expect(session.commit({ comment: 'x' }, signal())).rejects.toThrow('commit called while the session is idle');
    done(s);
  });
});
