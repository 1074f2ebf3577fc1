import { asPathListName, inboundRouteMapName } from '../conventions.js';
import { numberRangeRegex } from '../policy/asRangeRegex.js';
import type { FrrRouterModel } from './model.js';

/**
 * Top-level policy of the route-server groups. FRR 8.4 has no `peer-as-list`: a listen-range
 * peer-group with `remote-as external` accepts a session from any AS. The AS ranges are therefore
 * enforced on routes: the first AS of every received path (the peer's own AS: the group has
 * `enforce-first-as`) must be in a range, else the route is denied. One as-path line per range
 * (`seq 5, 10, ...`), then `route-map MESHRR-<G>-IN permit 10 / match as-path MESHRR-<G>-AS`
 * (everything else falls to the implicit deny).
 */
export function routeServerPolicyLines(model: FrrRouterModel): string[] {
  const lines: string[] = [];
  for (const group of model.groups) {
    if (group.peerType !== 'external' || group.asRanges.length === 0) continue;
    const list = asPathListName(group.name);
    group.asRanges.forEach((range, i) =>
      lines.push(
        `bgp as-path access-list ${list} seq ${(i + 1) * 5} permit ^(${numberRangeRegex(range.start, range.end)})_`,
      ),
    );
    lines.push('!', `route-map ${inboundRouteMapName(group.name)} permit 10`, ` match as-path ${list}`, 'exit', '!');
  }
  return lines;
}
