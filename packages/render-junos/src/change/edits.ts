import {
  ADDRESS_FAMILIES,
  compareCidr,
  parseCidr,
  sortFamilies,
  sortIpAddressTexts,
  type AddressFamily,
  type AsRange,
  type DesiredGroup,
  type GroupChange,
  type ManagedGroup,
  type RenderInput,
  pushAll,
} from '@meshrr/core';
import { JunosValueError } from '../errors.js';
import { asListName, asRangeText, validAddress, validGroupName, validPrefix } from '../junos/values.js';
import { JUNOS_FAMILY, keyChainName, type JunosWord } from './junosWords.js';
import {
  BGP,
  changeStatement,
  createGroupEdits,
  familyPath,
  gracefulRestartEdits,
  GROUPS,
  longLivedEdits,
  neighborFamilyEdits,
  prefixLimitOf,
  type JunosEdit,
} from './statementEdits.js';

export type { JunosEdit } from './statementEdits.js';

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
 * all under `groups MESHRR`: per group (sorted by name) a created group with every statement of
 * its kind (type, cluster, multihop, transparency, families, authentication, hold time, BFD,
 * prefix limits, long-lived graceful restart), then neighbor and `allow` removals and additions
 * (with per-neighbor families), changed statements, the route-server `as-list MESHRR:<group>`
 * members and `peer-as-list`, and re-activations of deactivated statements; then graceful
 * restart and `graceful-shutdown sender` of the router. Every group name, address, prefix, AS
 * range and value is validated first; anything else throws {@link JunosValueError}, so no
 * discovered string can reach the device. Deterministic: the same input always gives the same list.
 */
export function junosEdits(input: RenderInput): JunosEdit[] {
  const edits: JunosEdit[] = [];
  const changes = [...input.change.groups].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const change of changes) groupEdits(change, input, edits);
  routerEdits(input, edits);
  return edits;
}

function desiredGroup(input: RenderInput, name: string): DesiredGroup {
  const desired = input.desired.groups.find((g) => g.name === name);
  if (desired === undefined)
    throw new JunosValueError(`group ${name}`, 'is to be changed but is missing from the desired state');
  return desired;
}

function groupEdits(change: GroupChange, input: RenderInput, edits: JunosEdit[]): void {
  const name = validGroupName(change.name);
  const group = [...BGP, 'group', name];
  const actual = input.actual.groups.find((g) => g.name === name);
  if (change.remove) {
    edits.push({ op: 'delete', path: group });
    if ((actual?.peerAsRanges.length ?? 0) > 0)
      edits.push({ op: 'delete', path: [...GROUPS, 'policy-options', 'as-list', asListName(name)] });
    if (actual?.authentication?.method === 'tcp-ao')
      edits.push({
        op: 'delete',
        path: [...GROUPS, 'security', 'authentication-key-chains', 'key-chain', keyChainName(name)],
      });
    return;
  }
  const desired = change.create ? desiredGroup(input, name) : input.desired.groups.find((g) => g.name === name);
  if (change.create && desired !== undefined)
    pushAll(edits, createGroupEdits(desired, group, input.desired.gracefulRestart));
  for (const n of sortIpAddressTexts(change.removeNeighbors.map((a) => validAddress(a))))
    edits.push({ op: 'delete', path: [...group, 'neighbor', n] });
  for (const n of sortIpAddressTexts(change.addNeighbors.map((a) => validAddress(a)))) {
    edits.push({ op: 'set', path: [...group, 'neighbor', n] });
    if (desired !== undefined) pushAll(edits, neighborFamilyEdits(desired, n, group));
  }
  for (const n of sortIpAddressTexts((change.neighborFamilies ?? []).map((a) => validAddress(a)))) {
    if (actual?.neighborFamilies?.[n] !== undefined)
      edits.push({ op: 'delete', path: [...group, 'neighbor', n, 'family'] });
    if (desired !== undefined) pushAll(edits, neighborFamilyEdits(desired, n, group));
  }
  for (const p of sortedPrefixes(change.removeAllow)) edits.push({ op: 'delete', path: [...group, 'allow', p] });
  for (const p of sortedPrefixes(change.addAllow)) edits.push({ op: 'set', path: [...group, 'allow', p] });
  if (actual !== undefined && desired !== undefined) statementChanges(change, actual, desired, input, edits);
  if (change.peerAsRanges !== undefined) asListEdits(name, actual, change.peerAsRanges, edits);
  for (const ref of change.activate ?? []) pushAll(edits, activation(ref, name, actual, desired));
}

function statementChanges(
  change: GroupChange,
  actual: ManagedGroup,
  desired: DesiredGroup,
  input: RenderInput,
  edits: JunosEdit[],
): void {
  const group = [...BGP, 'group', desired.name];
  const kinds = change.statements ?? [];
  for (const kind of kinds) pushAll(edits, changeStatement(kind, actual, desired, group));
  if (!kinds.includes('families')) return;
  // A family added to the group gets its prefix limit and long-lived graceful restart too.
  const before = new Set(actual.families ?? []);
  for (const f of sortFamilies(desired.families).filter((x) => !before.has(x))) {
    if (!kinds.includes('prefix-limit')) pushAll(edits, prefixLimitOf(desired, familyPath(group, f)));
    pushAll(edits, longLivedEdits(input.desired.gracefulRestart, familyPath(group, f)));
  }
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

function familyWord(detail: string, ref: string): AddressFamily {
  if (!(ADDRESS_FAMILIES as readonly string[]).includes(detail))
    throw new JunosValueError(`deactivated statement ${JSON.stringify(ref)}`, 'names no address family');
  return detail as AddressFamily;
}

/** The `activate` edits of one deactivated statement ({@link ManagedGroup.inactive} name). */
function activation(
  ref: string,
  name: string,
  actual: ManagedGroup | undefined,
  desired: DesiredGroup | undefined,
): JunosEdit[] {
  const group: JunosWord[] = [...BGP, 'group', name];
  const space = ref.indexOf(' ');
  const kind = space < 0 ? ref : ref.slice(0, space);
  const detail = space < 0 ? '' : ref.slice(space + 1);
  const activate = (path: readonly JunosWord[]): JunosEdit => ({ op: 'activate', path });
  switch (kind) {
    case 'group':
      return [activate(group)];
    case 'neighbor':
      return [activate([...group, 'neighbor', validAddress(detail)])];
    case 'allow':
      return [activate([...group, 'allow', validPrefix(detail)])];
    case 'peer-as-list':
      return [activate([...group, 'peer-as-list'])];
    case 'as-list':
      return [activate([...GROUPS, 'policy-options', 'as-list', asListName(name)])];
    case 'type':
    case 'cluster':
    case 'multihop':
      return [activate([...group, kind])];
    case 'transparent':
      return [activate([...group, 'route-server-client'])];
    case 'families':
      return [activate([...group, 'family', JUNOS_FAMILY[familyWord(detail, ref)][0]])];
    case 'prefix-limit':
      return [activate([...familyPath(group, familyWord(detail, ref)), 'prefix-limit'])];
    case 'timers':
      return [activate([...group, 'hold-time'])];
    case 'bfd':
      return [activate([...group, 'bfd-liveness-detection'])];
    case 'authentication':
      return (desired ?? actual)?.authentication?.method === 'tcp-ao'
        ? [activate([...group, 'authentication-key-chain']), activate([...group, 'authentication-algorithm'])]
        : [activate([...group, 'authentication-key'])];
    default:
      throw new JunosValueError(`deactivated statement ${JSON.stringify(ref)}`, 'is not one meshrr manages');
  }
}

function routerEdits(input: RenderInput, edits: JunosEdit[]): void {
  const { change, desired, actual } = input;
  if (change.statements?.includes('graceful-restart')) {
    if (actual.gracefulRestart !== undefined) edits.push({ op: 'delete', path: [...BGP, 'graceful-restart'] });
    pushAll(edits, gracefulRestartEdits(desired.gracefulRestart));
    for (const group of [...desired.groups].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (!actual.groups.some((g) => g.name === group.name) || !group.owned.includes('families')) continue;
      const path = [...BGP, 'group', validGroupName(group.name)];
      for (const f of sortFamilies(group.families)) {
        if (actual.gracefulRestart?.longLivedStaleTimeS !== undefined)
          edits.push({ op: 'delete', path: [...familyPath(path, f), 'graceful-restart'] });
        pushAll(edits, longLivedEdits(desired.gracefulRestart, familyPath(path, f)));
      }
    }
  }
  for (const ref of change.activate ?? []) {
    if (ref === 'graceful-shutdown' || ref === 'graceful-restart') edits.push({ op: 'activate', path: [...BGP, ref] });
    else throw new JunosValueError(`deactivated statement ${JSON.stringify(ref)}`, 'is not one meshrr manages');
  }
  if (change.gracefulShutdown === true) edits.push({ op: 'set', path: [...BGP, 'graceful-shutdown', 'sender'] });
  if (change.gracefulShutdown === false) edits.push({ op: 'delete', path: [...BGP, 'graceful-shutdown'] });
}
