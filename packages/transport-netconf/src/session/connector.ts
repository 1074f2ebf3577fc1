import {
  FILE_LIMITS,
  privateKeyModeProblem,
  readBoundedFile,
  TransportError,
  type Clock,
  type Logger,
} from '@meshrr/core';
import type { ResolvedNetconfOptions } from '../options.js';
import type { ReplyRepair } from '../rpc/decodeReply.js';
import { NetconfClient } from '../rpc/netconfClient.js';
import { hostKeyVerifier } from '../ssh/hostKeyVerifier.js';
import { openSshNetconfChannel } from '../ssh/sshChannel.js';

/** Opens one NETCONF session (SSH + hello). Tests substitute an in-memory one. */
export type NetconfConnector = (signal: AbortSignal) => Promise<NetconfClient>;

async function readKey(path: string): Promise<Buffer> {
  try {
    return await readBoundedFile(path, {
      maxBytes: FILE_LIMITS.small,
      what: 'SSH private key',
      checkStats: privateKeyModeProblem,
    });
  } catch (error) {
    throw new TransportError((error as Error).message, { cause: error, code: 'ssh-key' });
  }
}

/**
 * The production connector: reads the private key file (bounded; refused, as OpenSSH does, when
 * its mode lets group or others in), opens the `netconf` subsystem over SSH
 * with host-key checking and keepalive, and runs the hello exchange (with `repairReply` for device
 * quirks). The SSH connection ends when the NETCONF session does. Throws `TransportError`.
 */
export function sshNetconfConnector(
  options: ResolvedNetconfOptions,
  clock: Clock,
  logger: Logger,
  repairReply?: ReplyRepair,
): NetconfConnector {
  return async (signal) => {
    const channel = await openSshNetconfChannel(
      {
        host: options.host,
        port: options.port,
        username: options.username,
        privateKey: await readKey(options.privateKeyPath),
        verifyHostKey: hostKeyVerifier(options.hostKey, options.host, options.port, logger),
        readyTimeoutMs: options.connectMs,
        keepaliveIntervalMs: options.keepaliveIntervalMs,
        keepaliveCountMax: options.keepaliveCountMax,
      },
      signal,
    );
    try {
      const client = await NetconfClient.open(
        channel.stream,
        {
          clock,
          logger,
          capabilities: options.capabilities,
          helloTimeoutMs: options.helloMs,
          rpcTimeoutMs: options.rpcMs,
          repairReply,
        },
        signal,
      );
      client.onClose(() => channel.close());
      return client;
    } catch (error) {
      channel.close();
      throw error;
    }
  };
}
