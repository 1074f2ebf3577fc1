import {
  canonicalIpAddress,
  formatCidr,
  parseCidr,
  type GroupChange,
  type IncrementalChange,
  type ManagedChange,
  type ManagedState,
} from '@meshrr/core';
import { FrrRenderError } from '../errors.js';
import type { ResolvedFrrOptions } from '../options.js';
import type { FrrRouterModel } from './model.js';

/** Format of {@link incrementalChange}: lines for one vtysh `configure terminal` session. */
export const FRR_VTYSH_FORMAT = 'frr-vtysh';

function neighbor(field: string, text: string): string {
  const ip = canonicalIpAddress(text);
  if (ip === undefined) throw new FrrRenderError(field, `"${text}" is not an IP address literal`);
  return ip;
}

function prefix(field: string, text: string): string {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new FrrRenderError(field, `"${text}" is not a prefix: ${parsed.reason}`);
  return formatCidr(parsed.cidr);
}

/** Whether a group change is only neighbors and listen ranges of a group that exists before and after. */
function inPlace(gc: GroupChange): boolean {
  return !gc.create && !gc.remove && gc.peerAsRanges === undefined;
}

/**
 * `bgp listen limit` is rendered only while some group has a listen range: a change that gives the
 * router its first range, or takes its last, changes that line too (left to the whole-file path).
 */
function listenLimitFlips(change: ManagedChange, actual: ManagedState, options: ResolvedFrrOptions): boolean {
  if (options.listenLimit === undefined) return false;
  const before = actual.groups.reduce((n, g) => n + g.allow.length, 0);
  const delta = change.groups.reduce((n, g) => n + g.addAllow.length - g.removeAllow.length, 0);
  return (before === 0) !== (before + delta === 0);
}

/**
 * The change as in-place FRR commands, when it is only neighbors and listen ranges of existing
 * groups and graceful shutdown — what meshrr changes under churn: inside `router bgp <asn>`,
 * removals first (`no neighbor <ip>`, `no bgp listen range <p> peer-group <G>`: FRR refuses a
 * range that overlaps one still configured), then additions (`bgp listen range …`,
 * `neighbor <ip> peer-group <G>`: the member inherits the group's remote-as and activations), and
 * `[no] bgp graceful-shutdown`. Undefined for anything else (a group created or removed, AS
 * ranges, the listen limit appearing or going): that needs the whole file. Every address and
 * prefix is checked as a literal before it is written (nothing read from the device or discovered
 * can inject a command). Empty change ⇒ undefined.
 * @throws {FrrRenderError} naming the field for a value that is not an address or prefix.
 */
export function incrementalChange(
  change: ManagedChange,
  actual: ManagedState,
  model: FrrRouterModel,
  options: ResolvedFrrOptions,
): IncrementalChange | undefined {
  if (!change.groups.every(inPlace) || listenLimitFlips(change, actual, options)) return undefined;
  const known = new Set(model.groups.map((g) => g.name));
  if (!change.groups.every((gc) => known.has(gc.name))) return undefined;
  const removals: string[] = [];
  const additions: string[] = [];
  change.groups.forEach((gc, i) => {
    const field = `change.groups[${i}]`;
    gc.removeNeighbors.forEach((n, j) =>
      removals.push(` no neighbor ${neighbor(`${field}.removeNeighbors[${j}]`, n)}`),
    );
    gc.removeAllow.forEach((p, j) =>
      removals.push(` no bgp listen range ${prefix(`${field}.removeAllow[${j}]`, p)} peer-group ${gc.name}`),
    );
    gc.addAllow.forEach((p, j) =>
      additions.push(` bgp listen range ${prefix(`${field}.addAllow[${j}]`, p)} peer-group ${gc.name}`),
    );
    gc.addNeighbors.forEach((n, j) =>
      additions.push(` neighbor ${neighbor(`${field}.addNeighbors[${j}]`, n)} peer-group ${gc.name}`),
    );
  });
  const shutdown =
    change.gracefulShutdown === undefined
      ? []
      : [change.gracefulShutdown ? ' bgp graceful-shutdown' : ' no bgp graceful-shutdown'];
  const body = [...removals, ...additions, ...shutdown];
  if (body.length === 0) return undefined;
  return { format: FRR_VTYSH_FORMAT, lines: [`router bgp ${model.asn}`, ...body, 'exit'] };
}
