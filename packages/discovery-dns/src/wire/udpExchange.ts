import dgram from 'node:dgram';
import { DiscoveryError, type Clock } from '@meshrr/core';
import { formatNameserver, type NameserverEndpoint } from '../config/nameserver.js';
import { checkReply, type DnsQuery, type DnsResponse, type ReplyRejection } from './message.js';

/** Where and how long one try may take. */
export interface ExchangeTarget {
  readonly server: NameserverEndpoint;
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly signal: AbortSignal;
}

/** Settles a promise once, running `cleanup` first; later calls are ignored. */
export function settleOnce(cleanup: () => void): (settle: () => void) => void {
  let settled = false;
  return (settle) => {
    if (settled) return;
    settled = true;
    cleanup();
    settle();
  };
}

function rejectionError(reason: ReplyRejection, where: string, timeoutMs: number): DiscoveryError {
  return new DiscoveryError(reason, `only unacceptable replies (${reason}) from ${where} within ${timeoutMs} ms`);
}

/**
 * Sends `query` over UDP from a fresh socket (the kernel picks a random ephemeral source port)
 * connected to the server, so datagrams from other sources never reach us. Replies that do not
 * decode or do not match the query's ID and question are ignored, as RFC 5452 asks, and the wait
 * goes on; if nothing acceptable arrives in time the failure is named after the last rejected reply
 * (`malformed`, `id-mismatch`, `question-mismatch`, `not-a-response`) or is a `timeout`. Socket
 * errors (e.g. ICMP port unreachable) fail with kind `socket`. Aborting rejects with the signal's reason.
 */
export function udpExchange(query: DnsQuery, target: ExchangeTarget): Promise<DnsResponse> {
  const { server, timeoutMs, clock, signal } = target;
  const where = `${formatNameserver(server)} (udp)`;
  return new Promise<DnsResponse>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const socket = dgram.createSocket(server.family === 6 ? 'udp6' : 'udp4');
    let lastRejection: ReplyRejection | undefined;
    const onAbort = (): void => finish(() => reject(signal.reason));
    const timer = clock.setTimer(timeoutMs, () =>
      finish(() =>
        reject(
          lastRejection
            ? rejectionError(lastRejection, where, timeoutMs)
            : new DiscoveryError('timeout', `no reply from ${where} within ${timeoutMs} ms`),
        ),
      ),
    );
    const finish = settleOnce(() => {
      timer.cancel();
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('message');
      socket.on('error', () => undefined);
      socket.close();
    });
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish(() => reject(new DiscoveryError('socket', `${where}: ${error.code ?? error.message}`, { cause: error }))),
    );
    socket.on('message', (bytes: Buffer) => {
      const reply = checkReply(query, bytes);
      if (reply.ok) finish(() => resolve(reply.response));
      else lastRejection = reply.reason;
    });
    socket.connect(server.port, server.host, () => {
      socket.send(query.bytes, (error) => {
        if (error)
          finish(() =>
            reject(
              new DiscoveryError('socket', `${where}: ${(error as NodeJS.ErrnoException).code ?? error.message}`, {
                cause: error,
              }),
            ),
          );
      });
    });
  });
}
