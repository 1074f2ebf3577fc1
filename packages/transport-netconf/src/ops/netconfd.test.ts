/**
 * Standard RFC 6241/6242 behaviour against the real yuma123 netconfd behind OpenSSH (started here
 * on a free port, stopped by PID afterwards). Needs root; skips loudly otherwise, and fails
 * instead when MESHRR_REQUIRE_REAL_SERVERS=1.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DeviceRejectedError, TransportError } from '@meshrr/core';
import { eventually } from '@meshrr/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostKeyMismatchError, LockDeniedError, SessionClosedError } from '../errors.js';
import type { NetconfClient } from '../rpc/netconfClient.js';
import { BASE_1_0, BASE_1_1 } from '../rpc/namespaces.js';
import { testKeyPair } from '../testing-support/fakeSshServer.js';
import { missingPrerequisite } from '../testing-support/realServers.js';
import { NETCONFD_BINARIES, startNetconfdLab, type NetconfdLab } from '../testing-support/netconfdLab.js';
import { sha256Fingerprint } from '../ssh/fingerprint.js';
import { childText, descendants } from '../xml/index.js';
import {
  cancelCommit,
  closeSession,
  commit,
  discardChanges,
  editConfig,
  getConfig,
  lock,
  unlock,
  validate,
} from './index.js';

const skip = missingPrerequisite('netconfd + OpenSSH integration tests', NETCONFD_BINARIES, true);
const FILTER = '<bgp xmlns="urn:meshrr:lab"/>';
const bgp = (localAs: number, neighbors: string[] = []): string =>
  `<bgp xmlns="urn:meshrr:lab"><local-as>${localAs}</local-as><group><name>MESH</name><type>internal</type>${neighbors.map((n) => `<neighbor><address>${n}</address></neighbor>`).join('')}</group></bgp>`;
const localAs = async (c: NetconfClient, source: 'running' | 'candidate' = 'running'): Promise<string | undefined> =>
  childText(descendants(await getConfig(c, source, FILTER), 'bgp')[0], 'local-as');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Reads until the value is `expected` (hang-guarded), then returns it. */
function settlesTo<T>(read: () => Promise<T>, expected: T): Promise<T> {
  return eventually(async () => ((await read()) === expected ? expected : undefined), {
    what: `value ${String(expected)}`,
  });
}

describe.skipIf(skip !== undefined)('netconfd behind OpenSSH (real servers)', () => {
  let lab: NetconfdLab;
  const open: NetconfClient[] = [];
  const session = async (...args: Parameters<NetconfdLab['open']>): Promise<NetconfClient> => {
    const c = await lab.open(...args);
    open.push(c);
    return c;
  };
  const baseline = async (value: number): Promise<void> => {
    const c = await session();
    await lock(c, 'candidate');
    await editConfig(c, { target: 'candidate', config: bgp(value), defaultOperation: 'replace' });
    await commit(c);
    await unlock(c, 'candidate');
    await closeSession(c);
  };

  beforeAll(async () => {
    lab = await startNetconfdLab();
  });
  afterAll(async () => {
    for (const c of open) c.destroy();
    await lab?.stop();
  });

  it('negotiates base:1.1 chunked framing when both advertise it', async () => {
    const c = await session();
    expect(c.framing).toBe('chunked');
    expect(c.serverHello.capabilities).toEqual(
      expect.arrayContaining([
        BASE_1_0,
        BASE_1_1,
        'urn:ietf:params:netconf:capability:candidate:1.0',
        'urn:ietf:params:netconf:capability:confirmed-commit:1.1',
      ]),
    );
    expect(c.serverHello.sessionId).toBeGreaterThan(0);
    expect(await getConfig(c, 'running', FILTER)).toMatchObject({ name: 'data' });
    await closeSession(c);
    expect(c.closed).toBe(true);
  });

  it('uses end-of-message framing when the client offers only base:1.0', async () => {
    const c = await session({ capabilities: [BASE_1_0] });
    expect(c.framing).toBe('eom');
    await lock(c, 'candidate');
    await editConfig(c, { target: 'candidate', config: bgp(64999, ['10.0.0.2', '2001:db8::2']) });
    expect(await localAs(c, 'candidate')).toBe('64999');
    await discardChanges(c);
    await unlock(c, 'candidate');
    await closeSession(c);
  });

  it('lock → edit-config → commit → discard → unlock', async () => {
    await baseline(65000);
    const c = await session();
    await lock(c, 'candidate');
    await editConfig(c, { target: 'candidate', config: bgp(65001, ['10.0.0.2']) });
    await commit(c);
    expect(await localAs(c)).toBe('65001');
    await editConfig(c, { target: 'candidate', config: bgp(65002) });
    expect(await localAs(c, 'candidate')).toBe('65002');
    await discardChanges(c);
    expect(await localAs(c, 'candidate')).toBe('65001');
    await validate(c, 'candidate');
    await unlock(c, 'candidate');
    await expect(unlock(c, 'candidate')).rejects.toBeInstanceOf(DeviceRejectedError);
    await closeSession(c);
  });

  it('rejects invalid config with the device message and path', async () => {
    const c = await session();
    const error = await editConfig(c, {
      target: 'candidate',
      config: '<bgp xmlns="urn:meshrr:lab"><local-as>not-a-number</local-as></bgp>',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceRejectedError);
    expect((error as DeviceRejectedError).deviceMessages.join(' ')).toContain('invalid number');
    expect((error as DeviceRejectedError).devicePath).toContain('local-as');
    await closeSession(c);
  });

  it('commit confirmed then confirm keeps the change past the timeout', async () => {
    await baseline(65000);
    const c = await session();
    await lock(c, 'candidate');
    await editConfig(c, { target: 'candidate', config: bgp(65010) });
    await commit(c, { confirmed: true, confirmTimeoutS: 2 });
    expect(await localAs(c)).toBe('65010');
    await commit(c);
    await sleep(3000);
    expect(await localAs(c)).toBe('65010');
    await unlock(c, 'candidate');
    await closeSession(c);
  });

  it('cancel-commit rolls a confirmed commit back at once', async () => {
    await baseline(65000);
    const c = await session();
    await lock(c, 'candidate');
    await editConfig(c, { target: 'candidate', config: bgp(65020) });
    await commit(c, { confirmed: true, confirmTimeoutS: 60 });
    expect(await localAs(c)).toBe('65020');
    await cancelCommit(c);
    expect(await localAs(c)).toBe('65000');
    await unlock(c, 'candidate');
    await closeSession(c);
  });

  it('a confirmed commit is rolled back when its session drops', async () => {
    await baseline(65000);
    const a = await session();
    await lock(a, 'candidate');
    await editConfig(a, { target: 'candidate', config: bgp(65030) });
    await commit(a, { confirmed: true, confirmTimeoutS: 60 });
    a.destroy();
    const b = await session();
    expect(await settlesTo(() => localAs(b), '65000')).toBe('65000');
    await closeSession(b);
  });

  it('a lock held by another session is a retryable LockDeniedError naming the holder', async () => {
    const a = await session();
    const b = await session();
    await lock(a, 'candidate');
    const error = await lock(b, 'candidate').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockDeniedError);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as LockDeniedError).holderSessionId).toBe(String(a.serverHello.sessionId));
    await closeSession(a);
    await lock(b, 'candidate');
    await unlock(b, 'candidate');
    await closeSession(b);
  });

  it('checks the real sshd host key: wrong pin refused with both fingerprints, right pin accepted', async () => {
    const presented = execFileSync('ssh-keygen', ['-lf', join(lab.dir, 'ssh_host_ed25519_key.pub')])
      .toString()
      .split(' ')[1];
    const wrong = sha256Fingerprint(testKeyPair('x').blob);
    const error = await session({}, { kind: 'fingerprint', sha256: wrong }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostKeyMismatchError);
    expect((error as HostKeyMismatchError).expected).toEqual([wrong]);
    expect((error as HostKeyMismatchError).presented).toBe(presented);
    const c = await session({}, { kind: 'fingerprint', sha256: presented as string });
    await closeSession(c);
  });

  it('netconfd killed mid-RPC: the RPC fails with a TransportError instead of hanging', async () => {
    const c = await session({ rpcTimeoutMs: 60_000 });
    const pid = lab.netconfd.pid as number;
    process.kill(pid, 'SIGSTOP');
    const pending = c.rpc('get-config', '<nc:get-config><nc:source><nc:running/></nc:source></nc:get-config>');
    await sleep(200);
    process.kill(pid, 'SIGKILL');
    process.kill(pid, 'SIGCONT');
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionClosedError);
    expect(c.closed).toBe(true);
    await expect(c.rpc('get', '<nc:get/>')).rejects.toBeInstanceOf(TransportError);
  });
});
