import type { AsRange } from '../api/config.js';
import {
  GROUP_STATEMENT_KINDS,
  STATEMENT_KINDS,
  type DesiredRouterConfig,
  type GroupChange,
  type GroupStatementKind,
  type ManagedChange,
  type ManagedGroup,
  type ManagedState,
  type RouterStatementKind,
} from '../api/state.js';
import { sameData, STATEMENT_SPECS } from './statementValues.js';

/** A group of a desired state as the diff reads it: its statements and the kinds meshrr owns. */
export interface OwnedGroup extends ManagedGroup {
  /** Statement kinds compared on a shared device (absent: none beyond neighbors, allow, AS ranges). */
  readonly owned?: readonly GroupStatementKind[];
}

/** A desired state as the diff reads it ({@link toManagedState} of a desired configuration). */
export interface OwnedState extends ManagedState {
  readonly groups: readonly OwnedGroup[];
  /** Router-level kinds compared on a shared device. */
  readonly owned?: readonly RouterStatementKind[];
}

const EMPTY_GROUP = (name: string): ManagedGroup => ({ name, neighbors: [], allow: [], peerAsRanges: [] });

/**
 * Entries of `a` not in `b`. Lists are sorted, so the usual case (few changes in long `allow`
 * lists) skips the common head and tail by position and only hashes the differing middle.
 */
function minus(a: readonly string[], b: readonly string[]): string[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail])
    tail += 1;
  if (head + tail === a.length) return [];
  const drop = new Set(b.slice(head, b.length - tail));
  return a.slice(head, a.length - tail).filter((x) => !drop.has(x));
}

function sameRanges(a: readonly AsRange[], b: readonly AsRange[]): boolean {
  return a.length === b.length && a.every((r, i) => r.start === b[i]!.start && r.end === b[i]!.end);
}

/** How statements are compared on one device: which it reads back, and whether it owns groups whole. */
interface Scope {
  readonly whole: boolean;
  readonly read: ReadonlySet<string>;
}

function scopeOf(actual: ManagedState): Scope {
  return { whole: actual.wholeGroups === true, read: new Set(actual.statementsRead ?? []) };
}

/**
 * Is `kind` compared for this group: the device reads it back, and the configuration owns it or
 * the device is wholly meshrr's?
 */
function isOwned(kind: GroupStatementKind, desired: OwnedGroup, scope: Scope): boolean {
  return scope.read.has(kind) && (scope.whole || (desired.owned ?? []).includes(kind));
}

/** The statement kinds whose device value differs from the desired one. */
function changedStatements(actual: ManagedGroup, desired: OwnedGroup, scope: Scope): GroupStatementKind[] {
  return GROUP_STATEMENT_KINDS.filter((kind) => {
    if (!isOwned(kind, desired, scope)) return false;
    const spec = STATEMENT_SPECS[kind];
    const from = spec.value(actual);
    const to = spec.value(desired);
    if (from === undefined || to === undefined) return from !== to;
    return !spec.same(from, to);
  });
}

/** Kept neighbors whose own family list (family transport `matching`) differs. */
function changedNeighborFamilies(actual: ManagedGroup, desired: OwnedGroup, scope: Scope): string[] {
  if (!isOwned('families', desired, scope)) return [];
  const kept = new Set(actual.neighbors);
  return desired.neighbors.filter(
    (n) => kept.has(n) && !sameData(actual.neighborFamilies?.[n], desired.neighborFamilies?.[n]),
  );
}

/** The kind a {@link ManagedGroup.inactive} name starts with. */
function kindOf(name: string): string {
  const space = name.indexOf(' ');
  return space < 0 ? name : name.slice(0, space);
}

/** Deactivated statements the desired state keeps, to re-activate. */
function toActivate(actual: ManagedGroup, desired: OwnedGroup, scope: Scope): string[] {
  return (actual.inactive ?? []).filter((name) => {
    const kind = kindOf(name);
    const detail = name.slice(kind.length + 1);
    switch (kind) {
      case 'group':
        return true;
      case 'neighbor':
        return desired.neighbors.includes(detail);
      case 'allow':
        return desired.allow.includes(detail);
      case 'peer-as-list':
      case 'as-list':
        return desired.peerAsRanges.length > 0;
      default: {
        if (!(GROUP_STATEMENT_KINDS as readonly string[]).includes(kind)) return false;
        const statement = kind as GroupStatementKind;
        return isOwned(statement, desired, scope) && STATEMENT_SPECS[statement].value(desired) !== undefined;
      }
    }
  });
}

function groupChange(
  actual: ManagedGroup | undefined,
  desired: OwnedGroup | undefined,
  scope: Scope,
): GroupChange | undefined {
  const name = (actual ?? desired)!.name;
  const from = actual ?? EMPTY_GROUP(name);
  const to = desired ?? EMPTY_GROUP(name);
  const statements = actual === undefined || desired === undefined ? [] : changedStatements(actual, desired, scope);
  const neighborFamilies =
    actual === undefined || desired === undefined ? [] : changedNeighborFamilies(actual, desired, scope);
  const activate = actual === undefined || desired === undefined ? [] : toActivate(actual, desired, scope);
  const change: GroupChange = {
    name,
    create: actual === undefined,
    remove: desired === undefined,
    addNeighbors: minus(to.neighbors, from.neighbors),
    removeNeighbors: minus(from.neighbors, to.neighbors),
    addAllow: minus(to.allow, from.allow),
    removeAllow: minus(from.allow, to.allow),
    ...(sameRanges(from.peerAsRanges, to.peerAsRanges) ? {} : { peerAsRanges: to.peerAsRanges }),
    ...(statements.length === 0 ? {} : { statements }),
    ...(neighborFamilies.length === 0 ? {} : { neighborFamilies }),
    ...(activate.length === 0 ? {} : { activate }),
  };
  const changed =
    change.create ||
    change.remove ||
    change.addNeighbors.length + change.removeNeighbors.length + change.addAllow.length + change.removeAllow.length >
      0 ||
    change.peerAsRanges !== undefined ||
    statements.length + neighborFamilies.length + activate.length > 0;
  return changed ? change : undefined;
}

/** Router-level kinds whose device value differs, and router-level statements to re-activate. */
function routerChanges(
  actual: ManagedState,
  desired: OwnedState,
): { statements: RouterStatementKind[]; activate: string[] } {
  const scope = scopeOf(actual);
  const owned = (kind: RouterStatementKind): boolean =>
    scope.read.has(kind) && (scope.whole || (desired.owned ?? []).includes(kind));
  const statements: RouterStatementKind[] = [];
  if (owned('graceful-restart') && !sameData(actual.gracefulRestart, desired.gracefulRestart))
    statements.push('graceful-restart');
  const activate = (actual.inactive ?? []).filter(
    (name) =>
      (name === 'graceful-shutdown' && desired.gracefulShutdown) ||
      (name === 'graceful-restart' && owned('graceful-restart') && desired.gracefulRestart !== undefined),
  );
  return { statements, activate };
}

/**
 * The minimal change from `actual` to `desired`: per group, only what differs (neighbors and allow
 * entries to add and remove, the new AS range list when it differs, the statement kinds meshrr
 * owns whose value differs, kept neighbors whose own family list differs, deactivated statements
 * the desired state keeps), groups to create and remove, router-level statements, and graceful
 * shutdown when it must switch. A statement kind is compared when the device reads it back
 * (`actual.statementsRead`) and the desired group owns it or meshrr owns the device's groups whole
 * (`actual.wholeGroups`). Groups sorted by name; lists
 * keep the inputs' order (both are sorted canonical). `diff(x, x)` is empty.
 */
export function diffManagedState(actual: ManagedState, desired: OwnedState): ManagedChange {
  const scope = scopeOf(actual);
  const names = [...new Set([...actual.groups.map((g) => g.name), ...desired.groups.map((g) => g.name)])].sort();
  const groups: GroupChange[] = [];
  for (const name of names) {
    const change = groupChange(
      actual.groups.find((g) => g.name === name),
      desired.groups.find((g) => g.name === name),
      scope,
    );
    if (change !== undefined) groups.push(change);
  }
  const router = routerChanges(actual, desired);
  return {
    groups,
    ...(actual.gracefulShutdown === desired.gracefulShutdown ? {} : { gracefulShutdown: desired.gracefulShutdown }),
    ...(router.statements.length === 0 ? {} : { statements: router.statements }),
    ...(router.activate.length === 0 ? {} : { activate: router.activate }),
  };
}

/** True when applying `change` would change nothing. */
export function isEmptyChange(change: ManagedChange): boolean {
  return (
    change.groups.length === 0 &&
    change.gracefulShutdown === undefined &&
    (change.statements ?? []).length === 0 &&
    (change.activate ?? []).length === 0
  );
}

/**
 * The managed part of a desired configuration (what the device should hold), with the statement
 * kinds each group owns, ready for {@link diffManagedState}.
 */
export function toManagedState(desired: DesiredRouterConfig): OwnedState {
  return {
    groups: desired.groups.map(({ kind: _kind, familyTransport: _transport, ...group }) => group),
    gracefulShutdown: desired.gracefulShutdown,
    ...(desired.gracefulRestart === undefined ? {} : { gracefulRestart: desired.gracefulRestart }),
    ...(desired.owned === undefined ? {} : { owned: desired.owned }),
    statementsRead: STATEMENT_KINDS,
  };
}

/** Every neighbor the change removes (whole groups included), as `{ group, peer }`. */
export function removalsOf(change: ManagedChange): ReadonlyArray<{ group: string; peer: string }> {
  return change.groups.flatMap((g) => g.removeNeighbors.map((peer) => ({ group: g.name, peer })));
}
