/**
 * The Junos change protocol end to end over real SSH (ssh2 client ↔ ssh2 server on 127.0.0.1): a
 * scripted device answers with recorded Junos replies from `__fixtures__/junos/` and checks every
 * request we send byte-for-byte against `__golden__/junos/*.xml`.
 */
import { DeviceRejectedError, STATEMENT_KINDS } from '@meshrr/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnsupportedOperationError } from '../errors.js';
import { fixtureReply } from '../testing-support/junosFixtures.js';
import { startJunosHarness, type JunosHarness } from '../testing-support/junosHarness.js';
import {
  COMMIT_OK,
  DIFF,
  DIFF_REPLY,
  MANAGED_FULL_REPLY,
  MANAGED_REPLY,
  NO_DIFF_REPLY,
  REPAIR_CHANGE,
  REPAIR_DIFF,
  OK,
  SET_CHANGE,
  change,
  signal,
} from '../testing-support/junosReplies.js';
import { expectScriptDone, type JunosScriptServer } from '../testing-support/junosScriptServer.js';

let h: JunosHarness;
beforeEach(async () => {
  h = await startJunosHarness();
});
afterEach(async () => {
  await h.close();
});

const script = (...args: Parameters<JunosHarness['script']>): JunosScriptServer => h.script(...args);
const done = expectScriptDone;

describe('JunosTransport over SSH against recorded Junos replies', () => {
  it('reads state, stages, commits confirmed, confirms and closes (exclusive candidate)', async () => {
    const s = script([
      { request: 'get-configuration-managed', reply: MANAGED_REPLY },
      {
        request: 'get-bgp-neighbor-information',
        reply: fixtureReply('napalm_get-bgp-neighbor-information_established-active_flaps.xml'),
      },
      {
        request: 'get-bgp-summary-information',
        reply: fixtureReply('napalm_get-bgp-summary-information_established-active.xml'),
      },
      { request: 'lock-configuration', reply: OK },
      {
        request: 'load-configuration-set',
        reply: fixtureReply('rustnetconf_load-configuration-results_warning_plus-ok_21.2R0.xml'),
      },
      { request: 'get-configuration-compare', reply: DIFF_REPLY },
      {
        request: 'commit-configuration-confirmed',
        reply: fixtureReply('gonetconf_commit-check_warnings_plus-ok_16.1R3.xml'),
      },
      {
        request: 'commit-configuration',
        reply: fixtureReply('ncclient_commit_reply_UNCLOSED-routing-engine_12.1X46.MALFORMED.xml'),
      },
      { request: 'unlock-configuration', reply: OK },
      { request: 'close-session', reply: OK },
    ]);
    const transport = h.transport();
    expect(transport.platform).toBe('junos');
    const session = await transport.open(signal());
    expect(await transport.open(signal())).toBe(session);
    expect(await session.readManaged(signal())).toEqual({
      groups: [
        {
          name: 'MESHRR-CLIENTS',
          peerType: 'internal',
          neighbors: [],
          allow: ['10.42.0.0/16', 'fd00::/8'],
          peerAsRanges: [],
        },
        {
          name: 'MESHRR-MESH',
          neighbors: ['10.42.0.11', '10.42.0.12', '10.42.0.13', '2001:db8::1'],
          allow: [],
          peerAsRanges: [],
          inactive: ['neighbor 10.42.0.13'],
        },
        {
          name: 'RS',
          peerType: 'external',
          neighbors: [],
          allow: ['192.168.0.0/16'],
          peerAsRanges: [
            { start: 64512, end: 64512 },
            { start: 65001, end: 65500 },
          ],
        },
      ],
      gracefulShutdown: true,
      statementsRead: STATEMENT_KINDS,
    });
    expect(await session.bgpSessions(signal())).toEqual([
      {
        peer: '10.3.1.254',
        state: 'Established',
        establishedForMs: 12_688_391_000,
        connectionsEstablished: 1,
        remoteAs: 29999,
      },
      {
        peer: '192.168.0.0',
        state: 'Established',
        establishedForMs: 699_262_000,
        connectionsEstablished: 2,
        remoteAs: 30000,
      },
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
      [
        "warning: mgd: requires 'mpls' license [edit protocols] (mpls)",
        "warning: mgd: requires 'bgp' license [edit protocols] (bgp)",
      ],
    ]);
  });

  it('reads deactivated statements and loads a repair that re-activates them (new RPC shapes)', async () => {
    const s = script([
      { request: 'get-configuration-managed', reply: MANAGED_FULL_REPLY },
      { request: 'lock-configuration', reply: OK },
      {
        request: 'load-configuration-set-repair',
        reply: fixtureReply('rustnetconf_load-configuration-results_warning_plus-ok_21.2R0.xml'),
      },
      {
        request: 'get-configuration-compare',
        reply: DIFF_REPLY.replace(DIFF, REPAIR_DIFF.replace(/"/g, '&quot;')),
      },
      { request: 'commit-configuration-confirmed', reply: COMMIT_OK },
      { request: 'commit-configuration', reply: COMMIT_OK },
      { request: 'unlock-configuration', reply: OK },
      { request: 'close-session', reply: OK },
    ]);
    const session = await h.transport().open(signal());
    const state = await session.readManaged(signal());
    expect(state.groups[0]).toMatchObject({
      name: 'CLIENTS',
      clusterId: '10.42.0.10',
      families: ['ipv4-unicast', 'ipv6-unicast'],
      neighbors: ['10.42.0.13'],
      inactive: ['group', 'neighbor 10.42.0.13', 'cluster', 'families ipv6-unicast'],
    });
    expect(state.groups[0]?.authentication?.key?.reveal()).toBe('old-key');
    expect((await session.stage(REPAIR_CHANGE, signal())).deviceDiff).toBe(REPAIR_DIFF.slice(1));
    await session.commit({ confirmTimeoutS: 90, comment: 'meshrr: add 10.42.0.14 <discovered>' }, signal());
    await session.confirm(signal());
    await session.close();
    done(s);
  });

  it('stage reports an empty diff as "" and abort discards and unlocks', async () => {
    const s = script([
      { request: 'lock-configuration', reply: OK },
      {
        request: 'load-configuration-xml',
        reply: fixtureReply('rustnetconf_commit-results_empty_plus-ok_21.2R0.xml')
          .replace('commit-results', 'load-configuration-results')
          .replace('</commit-results>', '</load-configuration-results>'),
      },
      { request: 'get-configuration-compare', reply: NO_DIFF_REPLY },
      { request: 'load-configuration-rollback-0', reply: OK },
      { request: 'unlock-configuration', reply: OK },
    ]);
    const session = await h.transport().open(signal());
    const xml =
      '<configuration>\n  <groups>\n    <name>MESHRR</name>\n    <protocols>\n      <bgp>\n        <group>\n          <name>MESHRR-MESH</name>\n          <neighbor operation="delete">\n            <name>10.42.0.11</name>\n          </neighbor>\n        </group>\n      </bgp>\n    </protocols>\n  </groups>\n</configuration>\n';
    expect(await session.stage(change('junos-xml', xml), signal())).toEqual({ deviceDiff: '' });
    await session.abort(signal());
    await session.abort(signal());
    done(s);
  });

  it('a rejected load fails with the device messages and path, then rolls back and unlocks', async () => {
    const s = script([
      { request: 'lock-configuration', reply: OK },
      {
        request: 'load-configuration-text',
        reply: fixtureReply('ansible-ci_load-configuration-results_syntax-error_load-error-count_15.1X49.xml'),
      },
      { request: 'load-configuration-rollback-0', reply: OK },
      { request: 'unlock-configuration', reply: OK },
    ]);
    const session = await h.transport().open(signal());
    const error = await session
      .stage(change('junos-text', 'protocols { lldp { interface all; } }\n'), signal())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceRejectedError);
    expect(error).toMatchObject({
      deviceMessages: ['syntax error', 'syntax error'],
      devicePath: 'lldp',
      message: 'load-configuration rejected by the device: syntax error; syntax error at lldp',
    });
    done(s);
  });

  it('a rejected commit is a DeviceRejectedError; abort then discards and unlocks', async () => {
    const s = script([
      { request: 'lock-configuration', reply: OK },
      { request: 'load-configuration-set', reply: OK },
      { request: 'get-configuration-compare', reply: DIFF_REPLY },
      {
        request: 'commit-configuration-confirmed',
        reply: fixtureReply('oess_commit-results_private_load-success_errors_source-daemon_15.1F6.xml'),
      },
      { request: 'load-configuration-rollback-0', reply: OK },
      { request: 'unlock-configuration', reply: OK },
    ]);
    const session = await h.transport().open(signal());
    await session.stage(SET_CHANGE, signal());
    const error = await session
      .commit({ confirmTimeoutS: 90, comment: 'meshrr: add 10.42.0.14 <discovered>' }, signal())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'device-rejected',
      devicePath: '[edit interfaces ge-0/0/2] unit 2000',
      deviceMessages: ['logical unit is not allowed on aggregated links', 'configuration check-out failed'],
    });
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
      {
        request: 'commit-configuration-abort',
        reply: fixtureReply(
          'rustnetconf_commit-check_cluster_UNCLOSED-routing-engine_rfc-compliant_25.4R1.12.MALFORMED.xml',
        ),
      },
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
      {
        request: 'open-configuration-private',
        reply: fixtureReply('oess_open-configuration-private_warning-only_15.1F6.xml'),
      },
      { request: 'load-configuration-set', reply: OK },
      { request: 'get-configuration-compare', reply: DIFF_REPLY },
      { request: 'commit-configuration-log', reply: fixtureReply('gonetconf_commit-results_empty_plus-ok_15.1F4.xml') },
      { request: 'close-configuration', reply: OK },
    ]);
    const session = await h.transport({ candidate: 'private' }).open(signal());
    await session.stage(SET_CHANGE, signal());
    await expect(session.commit({ confirmTimeoutS: 60, comment: 'x' }, signal())).rejects.toBeInstanceOf(
      UnsupportedOperationError,
    );
    await session.commit({ comment: 'meshrr: add 10.42.0.14' }, signal());
    await session.confirm(signal());
    done(s);
  });
});
