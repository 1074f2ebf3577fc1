import { pushAll } from '../collections/bulk.js';
import type { AsRange } from '../api/config.js';
import type { DesiredRouterConfig, ManagedChange, ManagedGroup, ManagedState, StatementRepair } from '../api/state.js';
import { describeGracefulRestart, STATEMENT_SPECS } from './statementValues.js';

function ranges(list: readonly AsRange[]): string {
  return list.map((r) => (r.start === r.end ? String(r.start) : `${r.start}-${r.end}`)).join(' ');
}

function families(list: readonly string[] | undefined): string | undefined {
  return list === undefined ? undefined : list.join(' ');
}

function groupRepairs(
  actual: ManagedGroup,
  desired: DesiredRouterConfig['groups'][number],
  change: ManagedChange['groups'][number],
): StatementRepair[] {
  const out: StatementRepair[] = [];
  const group = change.name;
  for (const kind of change.statements ?? []) {
    const spec = STATEMENT_SPECS[kind];
    const from = spec.value(actual);
    const to = spec.value(desired);
    out.push({
      group,
      statement: kind,
      action: to === undefined ? 'delete' : 'set',
      ...(from === undefined ? {} : { from: spec.describe(from) }),
      ...(to === undefined ? {} : { to: spec.describe(to) }),
    });
  }
  if (change.peerAsRanges !== undefined) {
    out.push({
      group,
      statement: 'peer-as-list',
      action: change.peerAsRanges.length === 0 ? 'delete' : 'set',
      ...(actual.peerAsRanges.length === 0 ? {} : { from: ranges(actual.peerAsRanges) }),
      ...(change.peerAsRanges.length === 0 ? {} : { to: ranges(change.peerAsRanges) }),
    });
  }
  for (const neighbor of change.neighborFamilies ?? []) {
    const from = families(actual.neighborFamilies?.[neighbor]);
    const to = families(desired.neighborFamilies?.[neighbor]);
    out.push({
      group,
      statement: `neighbor ${neighbor} families`,
      action: to === undefined ? 'delete' : 'set',
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    });
  }
  for (const name of change.activate ?? []) out.push({ group, statement: name, action: 'activate' });
  return out;
}

/**
 * The statements `change` brings back to what the configuration says, one entry each: owned
 * statement kinds set, replaced or deleted, route-server AS ranges, per-neighbor family lists,
 * deactivated statements re-activated, a configured group missing from the device, and
 * router-level statements. Neighbor and `allow` additions and removals are not repairs (they follow
 * discovery and are reported as peer decisions). Values never include secrets.
 */
export function describeRepairs(
  actual: ManagedState,
  desired: DesiredRouterConfig,
  change: ManagedChange,
): StatementRepair[] {
  const out: StatementRepair[] = [];
  for (const gc of change.groups) {
    if (gc.remove) continue;
    const want = desired.groups.find((g) => g.name === gc.name);
    if (want === undefined) continue;
    if (gc.create) {
      out.push({ group: gc.name, statement: 'group', action: 'set', to: `${want.kind} ${want.peerType}` });
      continue;
    }
    const have = actual.groups.find((g) => g.name === gc.name);
    if (have !== undefined) pushAll(out, groupRepairs(have, want, gc));
  }
  for (const kind of change.statements ?? []) {
    out.push({
      statement: kind,
      action: desired.gracefulRestart === undefined ? 'delete' : 'set',
      ...(actual.gracefulRestart === undefined ? {} : { from: describeGracefulRestart(actual.gracefulRestart) }),
      ...(desired.gracefulRestart === undefined ? {} : { to: describeGracefulRestart(desired.gracefulRestart) }),
    });
  }
  for (const name of change.activate ?? []) out.push({ statement: name, action: 'activate' });
  return out;
}

/** One line for a repair: `MESH cluster: set 10.0.0.9 -> 10.0.0.1`. */
export function formatRepair(repair: StatementRepair): string {
  const where = repair.group === undefined ? repair.statement : `${repair.group} ${repair.statement}`;
  const values =
    repair.action === 'activate'
      ? ''
      : ` ${repair.from ?? '(none)'} -> ${repair.action === 'delete' ? '(none)' : (repair.to ?? '')}`;
  return `${where}: ${repair.action}${values}`;
}
