import { groupStatements, routerStatements, type DesiredGroup, type MeshrrConfig } from '@meshrr/core';
import { formatJunosCurly } from '../change/formatCurly.js';
import { BGP, createGroupEdits, gracefulRestartEdits, GROUPS, type JunosEdit } from '../change/statementEdits.js';
import { validGroupName } from '../junos/values.js';
import { MissingTemplateVariable } from './strict.js';

/** Template functions that write meshrr's statements exactly as the agent creates them. */
export interface JunosTemplateHelpers {
  /**
   * The statements of group `name` (type, cluster, multihop, route-server-client, families,
   * authentication, hold-time, BFD, prefix limits, long-lived graceful restart), one per line,
   * each indented by `indent` spaces, ending with a newline ('' when none). Neighbors, `allow` and
   * `peer-as-list` are the template's.
   */
  readonly junos_group: (name: string, indent: number) => string;
  /** Router-level statements inside `groups MESHRR protocols bgp` (graceful restart). */
  readonly junos_bgp: (indent: number) => string;
  /** Statements inside `groups MESHRR` outside `protocols` (TCP-AO key chains under `security`). */
  readonly junos_security: (indent: number) => string;
}

const lines = (list: readonly string[]): string => (list.length === 0 ? '' : `${list.join('\n')}\n`);

/**
 * The helpers for `config` on the router `routerId`, built from the same edits the agent uses to
 * create a group later, so a group written by init and a group created by the agent are equal.
 * Reading a group that is not configured throws (as reading it from `bgpgroups_*` does).
 */
export function junosTemplateHelpers(config: MeshrrConfig, routerId: string): JunosTemplateHelpers {
  const router = routerStatements(config);
  const desired = new Map<string, DesiredGroup>(
    config.groups.map((g) => [
      g.name,
      {
        ...groupStatements(g, config, routerId),
        name: validGroupName(g.name),
        kind: g.kind,
        neighbors: [],
        allow: [],
        peerAsRanges: g.kind === 'subtractive' ? g.asRanges : [],
      },
    ]),
  );
  const all: JunosEdit[] = [...desired.values()].flatMap((g) =>
    createGroupEdits(g, [...BGP, 'group', g.name], router.gracefulRestart),
  );
  return {
    junos_group: (name, indent) => {
      const group = desired.get(name);
      if (group === undefined)
        throw new MissingTemplateVariable(`junos_group(${JSON.stringify(name)})`, [...desired.keys()]);
      return lines(formatJunosCurly(all, [...BGP, 'group', name], indent));
    },
    junos_bgp: (indent) => lines(formatJunosCurly(gracefulRestartEdits(router.gracefulRestart), [...BGP], indent)),
    junos_security: (indent) =>
      lines(
        formatJunosCurly(
          all.filter((e) => e.path[2] === 'security'),
          [...GROUPS],
          indent,
        ),
      ),
  };
}
