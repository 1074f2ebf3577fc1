import type { HostKeyPolicy } from './ssh/hostKeyPolicy.js';

/**
 * Settings of the NETCONF transport (`netconfTransportModule(options)`). Every field but `hostKey`
 * has a meshrr-compatible default (Python meshrr: `127.0.0.1:830`, user `meshrr`, key
 * `/secret/ssh/id_ed25519`). `hostKey` is required: choose pinning or opt out explicitly.
 */
export interface NetconfTransportOptions {
  /** Default `127.0.0.1` (cRPD in the same pod). */
  readonly host?: string;
  /** Default 830 (NETCONF over SSH). */
  readonly port?: number;
  /** Default `meshrr`. */
  readonly username?: string;
  /** Unencrypted OpenSSH private key (ed25519). Default `/secret/ssh/id_ed25519`. Read at every connect. */
  readonly privateKeyPath?: string;
  readonly hostKey: HostKeyPolicy;
  /** `exclusive` (default; commit confirmed) or `private` (no commit confirmed). */
  readonly candidate?: 'exclusive' | 'private';
  /** Capabilities advertised (default base:1.0 + base:1.1). */
  readonly capabilities?: readonly string[];
  readonly timeouts?: {
    /** TCP + SSH handshake + auth (default 20 000 ms). */
    readonly connectMs?: number;
    /** Server hello (default 15 000 ms). */
    readonly helloMs?: number;
    /** Any RPC but commits (default 60 000 ms). */
    readonly rpcMs?: number;
    /** Commit RPCs (default 300 000 ms). */
    readonly commitMs?: number;
  };
  readonly keepalive?: {
    /** SSH keepalive interval (default 10 000 ms; 0 disables). */
    readonly intervalMs?: number;
    /** Unanswered keepalives before the connection counts as lost (default 3). */
    readonly countMax?: number;
  };
  readonly reconnect?: {
    /** First back-off delay after a failed connect (default 1 000 ms). */
    readonly initialDelayMs?: number;
    /** Back-off ceiling (default 60 000 ms). */
    readonly maxDelayMs?: number;
    /** Connect attempts within one `open` call before it throws (default 3). */
    readonly attemptsPerOpen?: number;
  };
}

/** {@link NetconfTransportOptions} with every default filled in. */
export interface ResolvedNetconfOptions {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly privateKeyPath: string;
  readonly hostKey: HostKeyPolicy;
  readonly candidate: 'exclusive' | 'private';
  readonly capabilities: readonly string[] | undefined;
  readonly connectMs: number;
  readonly helloMs: number;
  readonly rpcMs: number;
  readonly commitMs: number;
  readonly keepaliveIntervalMs: number;
  readonly keepaliveCountMax: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly attemptsPerOpen: number;
}

const positive = (name: string, value: number | undefined, fallback: number, min = 1): number => {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < min)
    throw new RangeError(`netconf option ${name} must be a number ≥ ${min}, got ${String(value)}`);
  return v;
};

/** Fills defaults and checks ranges; throws `RangeError` naming the option on a bad value. Pure. */
export function resolveNetconfOptions(o: NetconfTransportOptions): ResolvedNetconfOptions {
  const port = positive('port', o.port, 830);
  if (!Number.isInteger(port) || port > 65_535)
    throw new RangeError(`netconf option port must be an integer 1–65535, got ${port}`);
  if (o.hostKey === undefined)
    throw new RangeError(
      'netconf option hostKey is required (fingerprint, known-hosts, trust-on-first-use or accept-any)',
    );
  return {
    host: o.host ?? '127.0.0.1',
    port,
    username: o.username ?? 'meshrr',
    privateKeyPath: o.privateKeyPath ?? '/secret/ssh/id_ed25519',
    hostKey: o.hostKey,
    candidate: o.candidate ?? 'exclusive',
    capabilities: o.capabilities,
    connectMs: positive('timeouts.connectMs', o.timeouts?.connectMs, 20_000),
    helloMs: positive('timeouts.helloMs', o.timeouts?.helloMs, 15_000),
    rpcMs: positive('timeouts.rpcMs', o.timeouts?.rpcMs, 60_000),
    commitMs: positive('timeouts.commitMs', o.timeouts?.commitMs, 300_000),
    keepaliveIntervalMs: positive('keepalive.intervalMs', o.keepalive?.intervalMs, 10_000, 0),
    keepaliveCountMax: positive('keepalive.countMax', o.keepalive?.countMax, 3),
    initialDelayMs: positive('reconnect.initialDelayMs', o.reconnect?.initialDelayMs, 1_000, 0),
    maxDelayMs: positive('reconnect.maxDelayMs', o.reconnect?.maxDelayMs, 60_000, 0),
    attemptsPerOpen: positive('reconnect.attemptsPerOpen', o.reconnect?.attemptsPerOpen, 3),
  };
}
