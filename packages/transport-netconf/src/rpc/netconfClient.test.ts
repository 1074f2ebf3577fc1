import { FakeClock } from '@meshrr/core/testing';
import { TransportError } from '@meshrr/core';
import { describe, expect, it } from 'vitest';
import { encodeChunked } from '../framing/index.js';
import { MalformedReplyError, RpcTimeoutError, SessionClosedError } from '../errors.js';
import { duplexPair, ServerSide } from '../testing-support/memoryDuplex.js';
import { BASE_1_0, BASE_1_1 } from './namespaces.js';
import { NetconfClient, type NetconfClientOptions } from './netconfClient.js';

const helloFrom = (caps: string[]): string =>
  `<!-- user meshrr, class super-user -->\n<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities>${caps.map((c) => `<capability>${c}</capability>`).join('')}</capabilities><session-id>4711</session-id></hello>\n]]>]]>`;
const reply = (id: string, body = '<ok/>'): string =>
  `<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="${id}">${body}</rpc-reply>`;

async function connect(
  serverCaps: string[],
  options: Partial<NetconfClientOptions> = {},
): Promise<{ client: NetconfClient; server: ServerSide; clock: FakeClock }> {
  const [clientEnd, serverEnd] = duplexPair();
  const server = new ServerSide(serverEnd);
  const clock = new FakeClock();
  let n = 0;
  const opening = NetconfClient.open(clientEnd, { clock, messageId: () => `m${++n}`, ...options });
  server.send(helloFrom(serverCaps));
  return { client: await opening, server, clock };
}

describe('NetconfClient hello and framing', () => {
  it('sends the ncclient-style hello and uses EOM when the server lacks base:1.1 (Junos default)', async () => {
    const { client, server } = await connect([BASE_1_0]);
    expect(client.framing).toBe('eom');
    expect(client.serverHello).toEqual({ capabilities: [BASE_1_0], sessionId: 4711 });
    const call = client.rpc('get-software-information', '<get-software-information/>');
    const [hello, rpc] = await server.waitForMessages(2);
    expect(hello).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><nc:hello xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><nc:capabilities><nc:capability>urn:ietf:params:netconf:base:1.0</nc:capability><nc:capability>urn:ietf:params:netconf:base:1.1</nc:capability></nc:capabilities></nc:hello>',
    );
    expect(rpc).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><nc:rpc xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="m1"><get-software-information/></nc:rpc>',
    );
    server.send(`${reply('m1')}\n]]>]]>`);
    expect((await call).ok).toBe(true);
  });

  it('switches to chunked framing when both advertise base:1.1', async () => {
    const { client, server } = await connect([BASE_1_0, BASE_1_1]);
    expect(client.framing).toBe('chunked');
    const call = client.rpc('lock', '<nc:lock/>');
    await server.waitForMessages(2);
    const sent =
      '<?xml version="1.0" encoding="UTF-8"?><nc:rpc xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="m1"><nc:lock/></nc:rpc>';
    expect(server.received.toString('utf8').endsWith(`]]>]]>\n#${sent.length}\n${sent}\n##\n`)).toBe(true);
    server.send(encodeChunked(reply('m1')));
    expect((await call).messageId).toBe('m1');
  });

  it('stays on EOM when the client does not offer base:1.1', async () => {
    const { client } = await connect([BASE_1_0, BASE_1_1], { capabilities: [BASE_1_0] });
    expect(client.framing).toBe('eom');
  });

  it('rejects a hello without base capability and a non-hello first message', async () => {
    await expect(connect(['urn:x'])).rejects.toThrow('advertises no base capability');
    const [clientEnd, serverEnd] = duplexPair();
    const opening = NetconfClient.open(clientEnd, { clock: new FakeClock() });
    serverEnd.write('<rpc-reply/>]]>]]>');
    await expect(opening).rejects.toThrow('expected the NETCONF server <hello>, got <rpc-reply>');
  });

  it('times out waiting for the hello', async () => {
    const [clientEnd] = duplexPair();
    const clock = new FakeClock();
    const opening = expect(NetconfClient.open(clientEnd, { clock, helloTimeoutMs: 1000 })).rejects.toBeInstanceOf(
      RpcTimeoutError,
    );
    await clock.advance(1000);
    await opening;
  });
});

describe('NetconfClient RPCs', () => {
  it('correlates out-of-order replies by message-id', async () => {
    const { client, server } = await connect([BASE_1_0]);
    const a = client.rpc('a', '<a/>');
    const b = client.rpc('b', '<b/>');
    await server.waitForMessages(3);
    server.send(`${reply('m2', '<data>B</data>')}]]>]]>${reply('m1', '<data>A</data>')}]]>]]>`);
    expect((await a).root.children[0]?.text).toBe('A');
    expect((await b).root.children[0]?.text).toBe('B');
  });

  it('gives a reply without message-id to the oldest RPC in flight', async () => {
    const { client, server } = await connect([BASE_1_0]);
    const a = client.rpc('a', '<a/>');
    await server.waitForMessages(2);
    server.send('<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><ok/></rpc-reply>]]>]]>');
    expect((await a).messageId).toBeUndefined();
  });

  it('times out one RPC, ignores its late reply and keeps the session', async () => {
    const { client, server, clock } = await connect([BASE_1_0]);
    const slow = expect(client.rpc('commit', '<commit/>', { timeoutMs: 5000 })).rejects.toThrow(
      new RpcTimeoutError('commit', 5000),
    );
    await server.waitForMessages(2);
    await clock.advance(5000);
    await slow;
    const next = client.rpc('get', '<get/>');
    await server.waitForMessages(3);
    server.send(`${reply('m1')}]]>]]>${reply('m2')}]]>]]>`);
    expect((await next).messageId).toBe('m2');
  });

  it('rejects the RPC whose reply is malformed (oldest) with MalformedReplyError', async () => {
    const { client, server } = await connect([BASE_1_0]);
    const a = client.rpc('a', '<a/>');
    await server.waitForMessages(2);
    server.send('<rpc-reply message-id="m1"><data></rpc-reply>]]>]]>');
    await expect(a).rejects.toBeInstanceOf(MalformedReplyError);
    await expect(a).rejects.toThrow("Expected closing tag 'data'");
    expect(client.closed).toBe(false);
  });

  it('rejects every RPC in flight when the channel closes, and later calls at once', async () => {
    const { client, server } = await connect([BASE_1_0]);
    const a = client.rpc('a', '<a/>');
    const b = client.rpc('b', '<b/>');
    const reasons: Error[] = [];
    client.onClose((r) => reasons.push(r));
    await server.waitForMessages(3);
    server.stream.destroy();
    await expect(a).rejects.toBeInstanceOf(SessionClosedError);
    await expect(b).rejects.toBeInstanceOf(TransportError);
    expect(client.closed).toBe(true);
    expect(reasons).toHaveLength(1);
    await expect(client.rpc('c', '<c/>')).rejects.toBeInstanceOf(SessionClosedError);
  });

  it('closes the session on a framing error', async () => {
    const { client, server } = await connect([BASE_1_0, BASE_1_1]);
    const a = client.rpc('a', '<a/>');
    await server.waitForMessages(2);
    server.send('garbage');
    await expect(a).rejects.toThrow('NETCONF framing error');
    expect(client.closed).toBe(true);
  });

  it('aborts an RPC with a retryable error when the signal fires', async () => {
    const { client } = await connect([BASE_1_0]);
    const controller = new AbortController();
    const a = client.rpc('a', '<a/>', { signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(a).rejects.toMatchObject({ code: 'aborted' });
  });
});
