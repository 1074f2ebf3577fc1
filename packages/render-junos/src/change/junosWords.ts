import type { AddressFamily, TcpAoAlgorithm } from '@meshrr/core';
import { JunosValueError } from '../errors.js';

/** A value written as a quoted Junos string (secrets, times): quoted in `set` text, plain in XML. */
export interface QuotedWord {
  readonly quoted: string;
}

/** One word of a configuration path. */
export type JunosWord = string | QuotedWord;

/** The Junos words of each address family under `family`. */
export const JUNOS_FAMILY: Readonly<Record<AddressFamily, readonly [string, string]>> = {
  'ipv4-unicast': ['inet', 'unicast'],
  'ipv6-unicast': ['inet6', 'unicast'],
  'ipv4-vpn': ['inet-vpn', 'unicast'],
  'ipv6-vpn': ['inet6-vpn', 'unicast'],
  'l2vpn-evpn': ['evpn', 'signaling'],
};

/** The address family of Junos `family <afi> <safi>` words, if meshrr knows it. */
export function familyOfWords(afi: string, safi: string): AddressFamily | undefined {
  const entry = Object.entries(JUNOS_FAMILY).find(([, [a, s]]) => a === afi && s === safi);
  return entry?.[0] as AddressFamily | undefined;
}

/** TCP-AO algorithms as Junos `cryptographic-algorithm` spells them. */
export const JUNOS_AO_ALGORITHM: Readonly<Record<TcpAoAlgorithm, string>> = {
  'hmac-sha-1-96': 'hmac-sha-1-96',
  'aes-128-cmac-96': 'aes-128-cmac-96',
};

/**
 * A TCP-MD5 or TCP-AO key that can be written as a Junos string: 1–80 printable ASCII characters
 * without space, `"` or `\` (the TCP-MD5 key limit of 80 bytes applies to both daemons).
 */
export function validKey(key: string, what: string): string {
  if (!/^[\x21-\x7e]{1,80}$/.test(key) || /["\\]/.test(key))
    throw new JunosValueError(what, 'must be 1-80 printable ASCII characters without space, " or \\');
  return key;
}

/** Name of the TCP-AO key chain of a group (`MESHRR-<group>`, under `groups MESHRR security`). */
export function keyChainName(group: string): string {
  return `MESHRR-${group}`;
}

/** Start time of meshrr's single TCP-AO key: in the past, so the key is active at once. */
export const KEY_START_TIME = '2000-1-1.00:00:00 +0000';

/** Elements that are lists keyed by `<name>` in the Junos schema (the next word is the key). */
export const JUNOS_KEYED: ReadonlySet<string> = new Set(['groups', 'group', 'neighbor', 'as-list', 'key-chain', 'key']);

/** Leaves and leaf-lists whose next word is their value (`cluster 10.0.0.1`, `allow 10.0.0.0/8`). */
export const JUNOS_VALUED: ReadonlySet<string> = new Set([
  'type',
  'allow',
  'members',
  'peer-as-list',
  'cluster',
  'ttl',
  'hold-time',
  'authentication-key',
  'authentication-key-chain',
  'authentication-algorithm',
  'minimum-interval',
  'multiplier',
  'maximum',
  'idle-timeout',
  'restart-time',
  'stale-routes-time',
  'stale-time',
  'secret',
  'start-time',
  'algorithm',
  'send-id',
  'recv-id',
  'tcp-ao-option',
  'cryptographic-algorithm',
]);
