import { createHash } from 'node:crypto';

/** BIRD's longest symbol (protocol, filter and template names): `SYM_MAX_LEN` 64 with its NUL. */
export const BIRD_SYMBOL_MAX = 63;

/** Name of the protocol present while RFC 8326 graceful shutdown is in force (a marker meshrr reads back). */
export const GRACEFUL_SHUTDOWN_MARKER = 'meshrr_graceful_shutdown';
/** The iBGP/eBGP session template every managed protocol derives from. */
export const SESSION_TEMPLATE = 'meshrr_session';
/** Import filter of iBGP sessions: RFC 8326 receiver side. */
export const IMPORT_FILTER = 'meshrr_import';
/** Export filter: only BGP routes (a route reflector/server originates nothing). */
export const EXPORT_FILTER = 'meshrr_export';
/** Export filter while draining: RFC 8326 sender side (GRACEFUL_SHUTDOWN community, local-pref 0). */
export const GRACEFUL_SHUTDOWN_EXPORT_FILTER = 'meshrr_export_graceful_shutdown';

/**
 * A symbol of at most {@link BIRD_SYMBOL_MAX} characters: `head + group + tail` when it fits, else
 * with the group cut short and a hash of the whole appended to it (`MESHRR-A-VERY-LONG…-1a2b3c:…`).
 * Deterministic: the same parts always give the same name, so BIRD keeps the protocol (and its
 * session) across changes.
 */
function fitted(head: string, group: string, tail: string): string {
  const whole = `${head}${group}${tail}`;
  if (whole.length <= BIRD_SYMBOL_MAX) return whole;
  const hash = createHash('sha256').update(whole).digest('hex').slice(0, 6);
  return `${head}${group.slice(0, BIRD_SYMBOL_MAX - head.length - tail.length - 7)}-${hash}${tail}`;
}

/** The protocol of one configured neighbor: `<GROUP>:<address>` (quoted in the file). */
export function neighborProtocolName(group: string, address: string): string {
  return fitted('', group, `:${address}`);
}

/** The dynamic-BGP listener of one `allow` prefix: `<GROUP>:<network>_<length>`. */
export function rangeProtocolName(group: string, prefix: string): string {
  return fitted('', group, `:${prefix.replace('/', '_')}`);
}

/** The disabled static protocol that marks a managed group (also when it has no session). */
export function groupMarkerName(group: string): string {
  return fitted('meshrr:', group, '');
}

/** The import filter of a route-server group (its peer AS ranges). */
export function routeServerImportFilterName(group: string): string {
  return fitted(`${IMPORT_FILTER}:`, group, '');
}

/** Prefix of the sessions a listener spawns (`dynamic name`, at most 48 characters). */
export function dynamicNamePrefix(group: string): string {
  return `dyn:${group.slice(0, 40)}:`;
}

/** A symbol as BIRD reads it: always quoted, so keywords (`rr`, `bgp`…) and `-.:` are safe. */
export function symbol(name: string): string {
  return `'${name}'`;
}

/** What meshrr writes into the `description` of its protocols, read back by {@link parseDescription}. */
export interface ManagedDescription {
  readonly group: string;
  /** A dynamic-BGP listener, or a session it spawned. */
  readonly range: boolean;
  /** Peer AS ranges (group markers of route-server groups), as `start-end` text. */
  readonly asRanges: readonly string[];
}

/** `meshrr group=<G>[ range][ as=<a-b>,<c-d>]`. */
export function formatDescription(description: ManagedDescription): string {
  const range = description.range ? ' range' : '';
  const as = description.asRanges.length > 0 ? ` as=${description.asRanges.join(',')}` : '';
  return `meshrr group=${description.group}${range}${as}`;
}

const DESCRIPTION = /^meshrr group=(\S+)( range)?(?: as=(\S+))?$/;

/** The description of a meshrr protocol, or undefined for any other text (the operator's protocols). */
export function parseDescription(text: string | undefined): ManagedDescription | undefined {
  const match = text === undefined ? null : DESCRIPTION.exec(text.trim());
  if (match === null) return undefined;
  return { group: match[1]!, range: match[2] !== undefined, asRanges: match[3]?.split(',') ?? [] };
}
