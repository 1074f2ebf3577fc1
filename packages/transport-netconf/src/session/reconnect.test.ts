import { Clock, Logger, Transport, TransportError } from '@meshrr/core';
import { FakeClock, MemoryLogger } from '@meshrr/core/testing';
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { JunosConfigSession } from '../junos/junosConfigSession.js';
import { JunosTransport, NetconfConnectorToken } from '../junos/junosTransport.js';
import { netconfTransportModule } from '../module.js';
import { NetconfClient } from '../rpc/netconfClient.js';
import { duplexPair } from '../testing-support/memoryDuplex.js';
import type { NetconfConnector } from './connector.js';

const HELLO =
  '<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities><session-id>1</session-id></hello>]]>]]>';

/** A connector whose first `failures` attempts fail; later ones return an in-memory session. Records attempt times. */
function flakyConnector(
  clock: FakeClock,
  failures: number,
): { connect: NetconfConnector; attempts: number[]; ends: Array<() => void> } {
  const attempts: number[] = [];
  const ends: Array<() => void> = [];
  const connect: NetconfConnector = async (signal) => {
    attempts.push(clock.now());
    if (attempts.length <= failures) throw new TransportError(`refused #${attempts.length}`);
    const [client, server] = duplexPair();
    ends.push(() => server.destroy());
    server.write(HELLO);
    return NetconfClient.open(client, { clock }, signal);
  };
  return { connect, attempts, ends };
}

const options = {
  hostKey: { kind: 'accept-any' as const },
  reconnect: { initialDelayMs: 1000, maxDelayMs: 4000, attemptsPerOpen: 3 },
};

describe('JunosTransport reconnect', () => {
  it('retries a failed connect with exponential back-off on the injected clock', async () => {
    const clock = new FakeClock();
    const flaky = flakyConnector(clock, 2);
    const transport = new JunosTransport(options, clock, new MemoryLogger(), flaky.connect);
    const opening = transport.open(new AbortController().signal);
    await clock.advance(1000);
    await clock.advance(2000);
    const session = await opening;
    expect(flaky.attempts.map((t) => t - flaky.attempts[0]!)).toEqual([0, 1000, 3000]);
    expect(session).toBeInstanceOf(JunosConfigSession);
  });

  it('throws the last TransportError after attemptsPerOpen failures and keeps backing off across calls', async () => {
    const clock = new FakeClock();
    const flaky = flakyConnector(clock, 4);
    const logger = new MemoryLogger();
    const transport = new JunosTransport(options, clock, logger, flaky.connect);
    const first = expect(transport.open(new AbortController().signal)).rejects.toThrow('refused #3');
    await clock.advance(1000);
    await clock.advance(2000);
    await first;
    const second = transport.open(new AbortController().signal);
    await clock.advance(4000);
    await clock.advance(4000);
    await second;
    expect(flaky.attempts.map((t) => t - flaky.attempts[0]!)).toEqual([0, 1000, 3000, 7000, 11000]);
    expect(logger.messages('warn').filter((m) => m === 'NETCONF connect failed')).toHaveLength(4);
  });

  it('reuses the live session and reconnects once it is lost', async () => {
    const clock = new FakeClock();
    const flaky = flakyConnector(clock, 0);
    const transport = new JunosTransport(options, clock, new MemoryLogger(), flaky.connect);
    const a = await transport.open(new AbortController().signal);
    expect(await transport.open(new AbortController().signal)).toBe(a);
    flaky.ends[0]!();
    await new Promise((r) => setImmediate(r));
    await expect(a.readManaged(new AbortController().signal)).rejects.toBeInstanceOf(TransportError);
    const b = await transport.open(new AbortController().signal);
    expect(b).not.toBe(a);
    expect(flaky.attempts).toHaveLength(2);
  });

  it('stops waiting when the signal aborts', async () => {
    const clock = new FakeClock();
    const transport = new JunosTransport(options, clock, new MemoryLogger(), flakyConnector(clock, 9).connect);
    const controller = new AbortController();
    const opening = expect(transport.open(controller.signal)).rejects.toThrow('stop');
    await clock.advance(10);
    controller.abort(new Error('stop'));
    await opening;
  });
});

describe('netconfTransportModule', () => {
  it('binds Transport to a singleton JunosTransport that gets Clock and Logger from the container', () => {
    const container = new Container();
    container.bind(Clock).toConstantValue(new FakeClock());
    container.bind(Logger).toConstantValue(new MemoryLogger());
    container.bind(NetconfConnectorToken).toConstantValue(flakyConnector(new FakeClock(), 0).connect);
    container.load(
      netconfTransportModule({
        hostKey: { kind: 'fingerprint', sha256: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8' },
      }),
    );
    const transport = container.get(Transport);
    expect(transport).toBeInstanceOf(JunosTransport);
    expect(transport.platform).toBe('junos');
    expect(container.get(Transport)).toBe(transport);
  });

  it('checks options up front, naming the bad one', () => {
    expect(() => netconfTransportModule({ hostKey: { kind: 'accept-any' }, port: 70000 })).toThrow(
      'netconf option port must be an integer 1–65535, got 70000',
    );
    expect(() => netconfTransportModule({ hostKey: { kind: 'accept-any' }, timeouts: { rpcMs: 0 } })).toThrow(
      'netconf option timeouts.rpcMs must be a number ≥ 1, got 0',
    );
    expect(() => netconfTransportModule({} as never)).toThrow('netconf option hostKey is required');
  });
});
