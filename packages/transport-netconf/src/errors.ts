import { TerminalError, TransportError } from '@meshrr/core';
import type { RpcErrorInfo } from './rpc/rpcErrorInfo.js';

/**
 * The candidate configuration is locked or modified by another session (`lock-denied`, `in-use`,
 * Junos "configuration database locked by" / "modified"). Retryable: the other session will
 * usually finish; `holderSessionId` names it when the device said.
 */
export class LockDeniedError extends TransportError {
  readonly holderSessionId: string | undefined;
  readonly errors: readonly RpcErrorInfo[];

  constructor(rpc: string, errors: readonly RpcErrorInfo[]) {
    const holder = errors.find((e) => e.sessionId !== undefined)?.sessionId;
    const text = errors.map((e) => e.message.replace(/\s+/g, ' ').trim()).join('; ');
    super(
      `${rpc}: the configuration is locked by another session${holder === undefined ? '' : ` (session ${holder})`}; will retry: ${text}`,
      { code: 'lock-denied' },
    );
    this.holderSessionId = holder;
    this.errors = errors;
  }
}

/** No reply to an RPC within its timeout. The session may be stuck: the caller should drop it. */
export class RpcTimeoutError extends TransportError {
  constructor(rpc: string, timeoutMs: number) {
    super(`NETCONF ${rpc}: no reply within ${timeoutMs} ms`, { code: 'netconf-timeout' });
  }
}

/** The NETCONF session ended (channel closed, SSH connection lost, server gone). */
export class SessionClosedError extends TransportError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, code: 'netconf-closed' });
  }
}

/** A reply that is not well-formed XML (and no known Junos repair applies) or not an `rpc-reply`. */
export class MalformedReplyError extends TransportError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, code: 'netconf-malformed' });
  }
}

/**
 * The server presented a host key that does not match the pinned one. Names both SHA256
 * fingerprints. A {@link TransportError} so the agent keeps retrying (and recovers once the
 * operator fixes the pin) while logging this message each time.
 */
export class HostKeyMismatchError extends TransportError {
  readonly host: string;
  readonly expected: readonly string[];
  readonly presented: string;

  constructor(host: string, expected: readonly string[], presented: string, source: string) {
    super(
      `host key mismatch for ${host}: expected ${expected.join(' or ')} (${source}), server presented ${presented}. ` +
        'If the device was rebuilt and its new key is trusted, update the pin; otherwise this may be an attack.',
      { code: 'host-key-mismatch' },
    );
    this.host = host;
    this.expected = expected;
    this.presented = presented;
  }
}

/** A request this transport cannot honour on this device or in this mode (e.g. commit confirmed in private mode). */
export class UnsupportedOperationError extends TerminalError {
  constructor(message: string) {
    super(message, { code: 'netconf-unsupported' });
  }
}
