import {
  canonicalIpAddress,
  formatCidr,
  parseCidr,
  type GroupChange,
  type IncrementalChange,
  type ManagedChange,
} from '@meshrr/core';
import { FrrRenderError } from '../errors.js';
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

/**
 * Whether a group change is only neighbors and listen ranges of a group that exists before and
 * after: no statement of the group changes, no member's own families, nothing to re-activate, and
 * no added member carries families of its own (that needs `no neighbor <ip> activate` lines).
 */
function inPlace(gc: GroupChange, model: FrrRouterModel): boolean {
  const group = model.groups.find((g) => g.name === gc.name);
  return (
    group !== undefined &&
    !gc.create &&
    !gc.remove &&
    gc.peerAsRanges === undefined &&
    (gc.statements ?? []).length === 0 &&
    (gc.neighborFamilies ?? []).length === 0 &&
    (gc.activate ?? []).length === 0 &&
    gc.addNeighbors.every((n) => group.neighborFamilies[canonicalIpAddress(n) ?? n] === undefined)
  );
}

/**
 * The change as in-place FRR commands, when it is only neighbors and listen ranges of existing
 * groups and graceful shutdown — what meshrr changes under churn: inside `router bgp <asn>`,
 * removals first (`no neighbor <ip>`, `no bgp listen range <p> peer-group <G>`: FRR refuses a
 * range that overlaps one still configured), then additions (`bgp listen range …`,
 * `neighbor <ip> peer-group <G>`: the member inherits the group's remote-as and activations), then
 * `no neighbor <ip> timers connect` for each added neighbor, and `[no] bgp graceful-shutdown`.
 * That `no … timers connect` changes no configuration (the member has no timer of its own and keeps
 * inheriting the group's) but makes bgpd start the session at once: FRR's
 * `peer_timers_connect_unset` (bgpd/bgpd.c) sends BGP_Stop/BGP_Start to a peer that is not
 * Established, where a new neighbor otherwise waits for its start timer (`BGP_INIT_START_TIMER`,
 * 1 s) before its first connect — a second of every failover and every new session. Undefined for anything else (a group created or removed, AS
 * ranges, any other statement, a member with families of its own, a re-activation): that needs the
 * whole file. Every address and
 * prefix is checked as a literal before it is written (nothing read from the device or discovered
 * can inject a command). Empty change ⇒ undefined.
 * @throws {FrrRenderError} naming the field for a value that is not an address or prefix.
 */
export function incrementalChange(change: ManagedChange, model: FrrRouterModel): IncrementalChange | undefined {
  if ((change.statements ?? []).length > 0 || (change.activate ?? []).length > 0) return undefined;
  if (!change.groups.every((gc) => inPlace(gc, model))) return undefined;
  const removals: string[] = [];
  const additions: string[] = [];
  const starts: string[] = [];
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
    gc.addNeighbors.forEach((n, j) => {
      const ip = neighbor(`${field}.addNeighbors[${j}]`, n);
      additions.push(` neighbor ${ip} peer-group ${gc.name}`);
      starts.push(` no neighbor ${ip} timers connect`);
    });
  });
  const shutdown =
    change.gracefulShutdown === undefined
      ? []
      : [change.gracefulShutdown ? ' bgp graceful-shutdown' : ' no bgp graceful-shutdown'];
  const body = [...removals, ...additions, ...starts, ...shutdown];
  if (body.length === 0) return undefined;
  return { format: FRR_VTYSH_FORMAT, lines: [`router bgp ${model.asn}`, ...body, 'exit'] };
}
