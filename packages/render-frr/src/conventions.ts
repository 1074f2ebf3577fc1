import type { AsRange } from '@meshrr/core';

/**
 * How meshrr marks what it owns in `frr.conf`, so a reader of `show running-config` can find it
 * again (the FRR counterpart of Junos `groups MESHRR`). `@meshrr/transport-frr` reads the same
 * convention; its tests parse this package's golden files to keep the two in step.
 *
 * - every managed peer-group carries `neighbor <G> description meshrr`;
 * - a route-server group's description also lists its AS ranges: `meshrr as 65001-65500 65600`;
 * - its inbound policy is `bgp as-path access-list MESHRR-<G>-AS` + `route-map MESHRR-<G>-IN`.
 */
export const MANAGED_DESCRIPTION = 'meshrr';

/** The description of a managed peer-group (`meshrr`, or `meshrr as a-b c` with AS ranges). */
export function groupDescription(asRanges: readonly AsRange[]): string {
  if (asRanges.length === 0) return MANAGED_DESCRIPTION;
  const ranges = asRanges.map((r) => (r.start === r.end ? String(r.start) : `${r.start}-${r.end}`));
  return `${MANAGED_DESCRIPTION} as ${ranges.join(' ')}`;
}

/** Name of the as-path access-list that admits a route-server group's AS ranges. */
export function asPathListName(group: string): string {
  return `MESHRR-${group}-AS`;
}

/** Name of the inbound route-map of a route-server group. */
export function inboundRouteMapName(group: string): string {
  return `MESHRR-${group}-IN`;
}
