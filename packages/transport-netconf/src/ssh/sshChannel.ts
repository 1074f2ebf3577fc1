import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import { TransportError } from '@meshrr/core';
import type { HostKeyVerifier } from './hostKeyVerifier.js';

/** Where and how to open the `netconf` subsystem. */
export interface SshChannelOptions {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  /** OpenSSH-format private key (ed25519 recommended), unencrypted. */
  readonly privateKey: Buffer;
  readonly verifyHostKey: HostKeyVerifier;
  /** TCP connect + SSH handshake + authentication budget (ssh2 `readyTimeout`). */
  readonly readyTimeoutMs: number;
  /** SSH-level keepalive interval; 0 disables. */
  readonly keepaliveIntervalMs: number;
  /** Unanswered keepalives before the connection is declared dead. */
  readonly keepaliveCountMax: number;
}

/** An open `netconf` subsystem channel and its SSH connection. */
export interface SshNetconfChannel {
  /** The subsystem's byte stream. */
  readonly stream: Duplex;
  /** Ends the SSH connection (idempotent). */
  close(): void;
}

function describe(error: Error & { level?: string }, options: SshChannelOptions): string {
  const where = `${options.username}@${options.host}:${options.port}`;
  if (error.level === 'client-authentication')
    return `SSH authentication as ${where} failed (is the public key in the device's user config?)`;
  if (error.level === 'client-timeout') return `SSH to ${where} timed out after ${options.readyTimeoutMs} ms`;
  if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED')
    return `SSH to ${where}: connection refused (is NETCONF over SSH enabled on port ${options.port}?)`;
  return `SSH to ${where} failed: ${error.message}`;
}

function connectConfig(options: SshChannelOptions, onHostKeyError: (error: Error) => void): ssh2.ConnectConfig {
  return {
    host: options.host,
    port: options.port,
    username: options.username,
    privateKey: options.privateKey,
    readyTimeout: options.readyTimeoutMs,
    // Public-key authentication only: ssh2's default first tries "none", a round trip (and an
    // sshd log line) that can never succeed for meshrr's user.
    authHandler: ['publickey'],
    keepaliveInterval: options.keepaliveIntervalMs,
    keepaliveCountMax: options.keepaliveCountMax,
    hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
      options.verifyHostKey(key).then(
        () => verify(true),
        (error: unknown) => {
          onHostKeyError(error instanceof Error ? error : new TransportError(String(error)));
          verify(false);
        },
      );
    },
  } as ssh2.ConnectConfig;
}

/** After setup: a dying connection ends the stream, with the connection's error handed to its readers first. */
function tieStreamToConnection(client: ssh2.Client, stream: ClientChannel, options: SshChannelOptions): void {
  // ssh2 closes channels without an error when the connection dies (keepalive timeout, reset).
  stream.on('error', () => undefined);
  client.on('error', (e: Error) => {
    stream.emit(
      'error',
      new TransportError(`SSH connection to ${options.host}:${options.port} lost: ${e.message}`, { cause: e }),
    );
    stream.destroy();
  });
  client.on('close', () => stream.destroy());
}

/**
 * Connects with ssh2, verifies the host key with `options.verifyHostKey` (its own error, e.g.
 * `HostKeyMismatchError`, is what rejects), authenticates with the key and opens the `netconf`
 * subsystem. Every failure is a `TransportError`; `signal` aborts the attempt. When the SSH
 * connection dies later (keepalive timeout, reset), the returned stream fails with that reason.
 */
export function openSshNetconfChannel(options: SshChannelOptions, signal?: AbortSignal): Promise<SshNetconfChannel> {
  const client = new ssh2.Client();
  let hostKeyError: Error | undefined;
  return new Promise<SshNetconfChannel>((resolve, reject) => {
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const fail = (error: Error): void => {
      if (!settle()) return;
      client.end();
      reject(
        hostKeyError ??
          (error instanceof TransportError ? error : new TransportError(describe(error, options), { cause: error })),
      );
    };
    const onAbort = (): void =>
      fail(
        new TransportError(`SSH to ${options.host}:${options.port} aborted`, {
          cause: signal?.reason,
          code: 'aborted',
        }),
      );
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    client.on('error', fail);
    client.on('close', () =>
      fail(new TransportError(`SSH connection to ${options.host}:${options.port} closed during setup`)),
    );
    client.on('ready', () =>
      client.subsys('netconf', (error: Error | undefined, stream: ClientChannel) => {
        if (error !== undefined && error !== null)
          return fail(
            new TransportError(`the device refused the netconf subsystem: ${error.message}`, { cause: error }),
          );
        if (!settle()) return void stream.destroy();
        tieStreamToConnection(client, stream, options);
        resolve({ stream, close: () => client.end() });
      }),
    );
    client.connect(connectConfig(options, (e) => (hostKeyError = e)));
    // Every NETCONF message is one small SSH packet answered by the device; with Nagle's algorithm a
    // message written right after another small packet (a window adjust) waits for its ACK, which
    // the device delays (up to 40 ms) because it has nothing to say until it has the message.
    client.setNoDelay(true);
  });
}
