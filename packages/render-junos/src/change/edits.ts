import {
  compareCidr,
  parseCidr,
  sortIpAddressTexts,
  type AsRange,
  type GroupChange,
  type ManagedGroup,
  type RenderInput,
} from '@meshrr/core';
import { JunosValueError } from '../errors.js';
import { asListName, asRangeText, validAddress, validGroupName, validPrefix } from '../junos/values.js';

/** One configuration edit: `set` or `delete` of a path of words under the root. */
export interface JunosEdit {
  readonly op: 'set' | 'delete';
  readonly path: readonly string[];
}

const GROUPS = ['groups', 'MESHRR'] as const;
const BGP = [...GROUPS, 'protocols', 'bgp'] as const;

const sortedPrefixes = (list: readonly string[]): string[] =>
  list
    .map((p) => validPrefix(p))
    .sort((a, b) => {
      const pa = parseCidr(a);
      const pb = parseCidr(b);
      return pa.ok && pb.ok ? compareCidr(pa.cidr, pb.cidr) : 0;
    });

/**
 * The ordered edits that take the device from `actual` to `desired` as described by `change`,
 * all under `groups MESHRR`: per group (sorted by name) neighbor and `allow` removals then additions,
 * `type` when the group is created, the route-server `as-list MESHRR:<group>` members and
 * `peer-as-list`; then `graceful-shutdown sender`. Every group name, address, prefix and AS range
 * is validated first; anything else throws {@link JunosValueError}, so no discovered string can
 * reach the device. Deterministic: the same input always gives the same list.
 */
export function junosEdits(input: RenderInput): JunosEdit[] {
  const edits: JunosEdit[] = [];
  const changes = [...input.change.groups].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const change of changes) groupEdits(change, input, edits);
  if (input.change.gracefulShutdown === true) edits.push({ op: 'set', path: [...BGP, 'graceful-shutdown', 'sender'] });
  if (input.change.gracefulShutdown === false) edits.push({ op: 'delete', path: [...BGP, 'graceful-shutdown'] });
  return edits;
}

function groupEdits(change: GroupChange, input: RenderInput, edits: JunosEdit[]): void {
  const name = validGroupName(change.name);
  const group = [...BGP, 'group', name];
  const actual = input.actual.groups.find((g) => g.name === name);
  if (change.remove) {
    edits.push({ op: 'delete', path: group });
    if ((actual?.peerAsRanges.length ?? 0) > 0)
      edits.push({ op: 'delete', path: [...GROUPS, 'policy-options', 'as-list', asListName(name)] });
    return;
  }
  if (change.create) {
    const desired = input.desired.groups.find((g) => g.name === name);
    if (desired === undefined)
      throw new JunosValueError(`group ${name}`, 'is to be created but is missing from the desired state');
    edits.push({ op: 'set', path: [...group, 'type', desired.peerType === 'external' ? 'external' : 'internal'] });
  }
  for (const n of sortIpAddressTexts(change.removeNeighbors.map((a) => validAddress(a))))
    edits.push({ op: 'delete', path: [...group, 'neighbor', n] });
  for (const n of sortIpAddressTexts(change.addNeighbors.map((a) => validAddress(a))))
    edits.push({ op: 'set', path: [...group, 'neighbor', n] });
  for (const p of sortedPrefixes(change.removeAllow)) edits.push({ op: 'delete', path: [...group, 'allow', p] });
  for (const p of sortedPrefixes(change.addAllow)) edits.push({ op: 'set', path: [...group, 'allow', p] });
  if (change.peerAsRanges !== undefined) asListEdits(name, actual, change.peerAsRanges, edits);
}

function asListEdits(
  name: string,
  actual: ManagedGroup | undefined,
  next: readonly AsRange[],
  edits: JunosEdit[],
): void {
  const list = [...GROUPS, 'policy-options', 'as-list', asListName(name)];
  const peerAsList = [...BGP, 'group', name, 'peer-as-list'];
  const before = [...new Set((actual?.peerAsRanges ?? []).map(asRangeText))];
  const after = [...new Set(next.map(asRangeText))];
  const byNumber = (a: string, b: string): number =>
    Number(a.split('-')[0]) - Number(b.split('-')[0]) || a.length - b.length || (a < b ? -1 : 1);
  if (after.length === 0) {
    if (before.length > 0) edits.push({ op: 'delete', path: peerAsList }, { op: 'delete', path: list });
    return;
  }
  for (const r of before.filter((r) => !after.includes(r)).sort(byNumber))
    edits.push({ op: 'delete', path: [...list, 'members', r] });
  for (const r of after.filter((r) => !before.includes(r)).sort(byNumber))
    edits.push({ op: 'set', path: [...list, 'members', r] });
  if (before.length === 0) edits.push({ op: 'set', path: [...peerAsList, asListName(name)] });
}
