/**
 * Faults of the Junos session over real SSH: lock held elsewhere, connection lost mid-RPC, a
 * silent device (SSH keepalive), rfc-compliant chunked sessions, refused changes.
 */
import { writeFileSync } from 'node:fs';
import { TransportError } from '@meshrr/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockDeniedError, MalformedReplyError, SessionClosedError, UnsupportedOperationError } from '../errors.js';
import { startBlackholeProxy } from '../testing-support/blackholeProxy.js';
import { fixtureReply } from '../testing-support/junosFixtures.js';
import { startJunosHarness, type JunosHarness } from '../testing-support/junosHarness.js';
import { MANAGED_REPLY, OK, SET_CHANGE, change, signal } from '../testing-support/junosReplies.js';
import { expectScriptDone, type JunosScriptServer } from '../testing-support/junosScriptServer.js';
import { JunosConfigSession } from './junosConfigSession.js';

let h: JunosHarness;
beforeEach(async () => {
  h = await startJunosHarness();
});
afterEach(async () => {
  await h.close();
});

const script = (...args: Parameters<JunosHarness['script']>): JunosScriptServer => h.script(...args);
const done = expectScriptDone;

describe('Junos session faults over SSH', () => {
  it('a lock held by another session is a retryable LockDeniedError', async () => {
    const s = script([
      { request: 'lock-configuration', reply: fixtureReply('ansible-ci_rpc-error_lock-denied_15.1X49.xml') },
    ]);
    const session = await h.transport().open(signal());
    const error = await session.stage(SET_CHANGE, signal()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockDeniedError);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as LockDeniedError).holderSessionId).toBe('50198');
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
    script([
      { request: 'lock-configuration', reply: OK },
      { request: 'lock-configuration', reply: OK },
    ]);
    const proxy = await startBlackholeProxy(h.server.port);
    try {
      const hostKey = { kind: 'known-hosts' as const, path: `${h.dir}/known_hosts` };
      writeFileSync(
        hostKey.path,
        `[127.0.0.1]:${proxy.port} ssh-ed25519 ${h.server.hostKey.blob.toString('base64')}\n`,
      );
      const transport = h.transport({
        port: proxy.port,
        hostKey,
        keepalive: { intervalMs: 100, countMax: 2 },
        timeouts: { rpcMs: 120_000 },
      });
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

  it('an unrepairable malformed reply fails that RPC with MalformedReplyError; the session stays usable', async () => {
    const s = script([
      {
        request: 'get-configuration-managed',
        reply:
          '<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><configuration><groups></configuration></rpc-reply>',
      },
      { request: 'get-configuration-managed', reply: MANAGED_REPLY },
    ]);
    const session = await h.transport().open(signal());
    const error = await session.readManaged(signal()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedReplyError);
    expect((error as Error).message).toMatch(
      /^malformed NETCONF reply: Expected closing tag 'groups' \(opened in line 1, col \d+\) instead of closing tag 'configuration'\. \(line 1, column \d+\)$/,
    );
    expect((await session.readManaged(signal())).groups).toHaveLength(3);
    done(s);
  });

  it('rfc-compliant Junos with base:1.1: chunked framing and nc:-prefixed replies', async () => {
    const hello =
      '<!-- No zombies were killed during the creation of this user interface -->\n<!-- user meshrr, class super-user -->\n<nc:hello xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><nc:capabilities><nc:capability>urn:ietf:params:netconf:base:1.0</nc:capability><nc:capability>urn:ietf:params:netconf:base:1.1</nc:capability><nc:capability>http://xml.juniper.net/netconf/junos/1.0</nc:capability></nc:capabilities><nc:session-id>2345</nc:session-id></nc:hello>\n]]>]]>';
    const s = script(
      [
        {
          request: 'lock-configuration',
          reply:
            '<nc:rpc-reply xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" xmlns:junos="http://xml.juniper.net/junos/25.4R1.12/junos"><nc:ok/></nc:rpc-reply>',
        },
        {
          request: 'load-configuration-set',
          reply:
            '<nc:rpc-reply xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><load-configuration-results><nc:rpc-error><nc:error-severity>error</nc:error-severity><nc:error-message>unknown command</nc:error-message><nc:error-info><nc:bad-element>invalid</nc:bad-element></nc:error-info></nc:rpc-error></load-configuration-results></nc:rpc-reply>',
        },
        {
          request: 'load-configuration-rollback-0',
          reply: '<nc:rpc-reply xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><nc:ok/></nc:rpc-reply>',
        },
        {
          request: 'unlock-configuration',
          reply: '<nc:rpc-reply xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><nc:ok/></nc:rpc-reply>',
        },
      ],
      hello,
    );
    const session = await h.transport().open(signal());
    await expect(session.stage(SET_CHANGE, signal())).rejects.toMatchObject({
      deviceMessages: ['unknown command'],
      devicePath: 'invalid',
    });
    done(s);
    expect(h.logger.lines.find((l) => l.message === 'NETCONF session opened')?.fields).toMatchObject({
      framing: 'chunked',
      sessionId: 2345,
    });
  });

  it('refuses unknown change formats and platforms without touching the device', async () => {
    const s = script([]);
    const session = await h.transport().open(signal());
    await expect(session.stage(change('frr-conf', 'router bgp 1'), signal())).rejects.toThrow(
      'change format "frr-conf" is not supported by the Junos transport (allowed: junos-set, junos-text, junos-xml)',
    );
    await expect(session.stage({ ...SET_CHANGE, platform: 'frr' }, signal())).rejects.toBeInstanceOf(
      UnsupportedOperationError,
    );
    await expect(session.stage(change('junos-xml', '<groups/>'), signal())).rejects.toThrow(
      'junos-xml change must have <configuration> as root, got <groups>',
    );
    await expect(session.commit({ comment: 'x' }, signal())).rejects.toThrow('commit called while the session is idle');
    done(s);
  });
});
