import net from 'node:net';
import { DiscoveryError } from '@meshrr/core';
import { formatNameserver } from '../config/nameserver.js';
import { checkReply, type DnsQuery, type DnsResponse } from './message.js';
import { settleOnce, type ExchangeTarget } from './udpExchange.js';

/** Collects one length-prefixed DNS message (RFC 1035 §4.2.2) from TCP chunks. */
class FrameReader {
  #chunks: Buffer[] = [];
  #length = 0;

  /** Adds a chunk; returns the complete message once all of it has arrived. */
  push(chunk: Buffer): Buffer | undefined {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    if (this.#length < 2) return undefined;
    const all = Buffer.concat(this.#chunks, this.#length);
    this.#chunks = [all];
    const size = all.readUInt16BE(0);
    return this.#length >= size + 2 ? all.subarray(2, size + 2) : undefined;
  }
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(bytes.length);
  return Buffer.concat([prefix, bytes]);
}

/**
 * Sends `query` over a fresh TCP connection and reads one length-prefixed reply (up to 65 535 bytes,
 * e.g. thousands of A records). Unlike UDP, the connection is ours alone, so a reply that does not
 * decode or match the query fails at once with the rejection as kind. Other failures: `timeout`
 * (whole exchange), `socket` (refused, reset, closed before a full reply). Aborting rejects with the
 * signal's reason.
 */
export function tcpExchange(query: DnsQuery, target: ExchangeTarget): Promise<DnsResponse> {
  const { server, timeoutMs, clock, signal } = target;
  const where = `${formatNameserver(server)} (tcp)`;
  return new Promise<DnsResponse>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const socket = net.connect({ host: server.host, port: server.port, family: server.family });
    const reader = new FrameReader();
    const onAbort = (): void => finish(() => reject(signal.reason));
    const timer = clock.setTimer(timeoutMs, () =>
      finish(() => reject(new DiscoveryError('timeout', `no complete reply from ${where} within ${timeoutMs} ms`))),
    );
    const finish = settleOnce(() => {
      timer.cancel();
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('data');
      socket.on('error', () => undefined);
      socket.destroy();
    });
    const fail = (kind: string, detail: string, cause?: unknown): void =>
      finish(() => reject(new DiscoveryError(kind, `${where}: ${detail}`, { cause })));
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('connect', () => socket.write(lengthPrefixed(query.bytes)));
    socket.on('error', (error: NodeJS.ErrnoException) => fail('socket', error.code ?? error.message, error));
    socket.on('close', () => fail('socket', 'connection closed before a complete reply'));
    socket.on('data', (chunk: Buffer) => {
      const message = reader.push(chunk);
      if (message === undefined) return;
      const reply = checkReply(query, message);
      if (reply.ok) finish(() => resolve(reply.response));
      else fail(reply.reason, `unacceptable reply (${reply.reason})`);
    });
  });
}
