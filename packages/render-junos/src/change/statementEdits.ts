import {
  GROUP_STATEMENT_KINDS,
  sortFamilies,
  STATEMENT_FIELDS,
  type AddressFamily,
  type DesiredGroup,
  type GracefulRestart,
  type GroupStatementKind,
  type ManagedGroup,
  pushAll,
} from '@meshrr/core';
import { JunosValueError } from '../errors.js';
import { validAddress } from '../junos/values.js';
import {
  JUNOS_AO_ALGORITHM,
  JUNOS_FAMILY,
  keyChainName,
  KEY_START_TIME,
  validKey,
  type JunosWord,
} from './junosWords.js';

/** One configuration edit: `set`, `delete` or `activate` of a path of words under the root. */
export interface JunosEdit {
  readonly op: 'set' | 'delete' | 'activate';
  readonly path: readonly JunosWord[];
}

/** `groups MESHRR`, the subtree meshrr owns. */
export const GROUPS = ['groups', 'MESHRR'] as const;
/** `groups MESHRR protocols bgp`. */
export const BGP = [...GROUPS, 'protocols', 'bgp'] as const;

const set = (path: readonly JunosWord[]): JunosEdit => ({ op: 'set', path });
const del = (path: readonly JunosWord[]): JunosEdit => ({ op: 'delete', path });

function checkInt(what: string, value: number, min: number, max: number): string {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new JunosValueError(what, `must be an integer from ${min} to ${max}, got ${String(value)}`);
  return String(value);
}

function checkClusterId(text: string): string {
  validAddress(text, 'cluster id');
  if (text.includes(':')) throw new JunosValueError(`cluster id ${text}`, 'must be an IPv4 address');
  return text;
}

/** `family <afi> <safi>` path of a group. */
export function familyPath(group: readonly JunosWord[], family: AddressFamily): JunosWord[] {
  return [...group, 'family', ...JUNOS_FAMILY[family]];
}

/** The `set` edits that write statement `kind` of `desired` into a group (nothing when absent). */
function setStatement(kind: GroupStatementKind, desired: DesiredGroup, group: readonly JunosWord[]): JunosEdit[] {
  const name = desired.name;
  switch (kind) {
    case 'type':
      return [set([...group, 'type', desired.peerType === 'external' ? 'external' : 'internal'])];
    case 'cluster':
      return desired.clusterId === undefined ? [] : [set([...group, 'cluster', checkClusterId(desired.clusterId)])];
    case 'multihop': {
      const m = desired.multihop;
      if (m === undefined) return [];
      const edits = [set([...group, 'multihop', 'ttl', checkInt(`group ${name} multihop ttl`, m.ttl, 1, 255)])];
      if (m.nextHopUnchanged) edits.push(set([...group, 'multihop', 'no-nexthop-change']));
      return edits;
    }
    case 'transparent':
      return desired.transparent === true ? [set([...group, 'route-server-client'])] : [];
    case 'families':
      return sortFamilies(desired.families).map((f) => set(familyPath(group, f)));
    case 'authentication':
      return authenticationEdits(desired, group);
    case 'timers': {
      const t = desired.timers;
      if (t === undefined) return [];
      if (t.keepaliveS !== undefined && t.keepaliveS !== Math.floor(t.holdTimeS / 3))
        throw new JunosValueError(
          `group ${name} timers keepalive_seconds`,
          'cannot be set on Junos: its keepalive interval is always a third of hold-time (leave keepalive_seconds out)',
        );
      return [set([...group, 'hold-time', checkInt(`group ${name} hold time`, t.holdTimeS, 3, 65_535)])];
    }
    case 'bfd': {
      const b = desired.bfd;
      if (b === undefined) return [];
      const bfd = [...group, 'bfd-liveness-detection'];
      return [
        set([...bfd, 'minimum-interval', checkInt(`group ${name} bfd interval`, b.minimumIntervalMs, 1, 255_000)]),
        set([...bfd, 'multiplier', checkInt(`group ${name} bfd multiplier`, b.multiplier, 1, 255)]),
      ];
    }
    case 'prefix-limit':
      return sortFamilies(desired.families).flatMap((f) => prefixLimitOf(desired, familyPath(group, f)));
  }
}

/** The prefix limit of `desired` under one `family <afi> <safi>` path (nothing when none). */
export function prefixLimitOf(desired: DesiredGroup, family: readonly JunosWord[]): JunosEdit[] {
  const p = desired.prefixLimit;
  if (p === undefined) return [];
  const limit = [...family, 'prefix-limit'];
  const edits = [
    set([...limit, 'maximum', checkInt(`group ${desired.name} max_prefixes`, p.maximum, 1, 4_294_967_295)]),
  ];
  if (!p.warningOnly)
    edits.push(
      set(
        p.restartMinutes === undefined
          ? [...limit, 'teardown']
          : [...limit, 'teardown', 'idle-timeout', checkInt('restart_minutes', p.restartMinutes, 1, 2400)],
      ),
    );
  return edits;
}

function authenticationEdits(desired: DesiredGroup, group: readonly JunosWord[]): JunosEdit[] {
  const a = desired.authentication;
  if (a === undefined) return [];
  const what = `group ${desired.name} authentication key`;
  if (a.method === 'md5') return [set([...group, 'authentication-key', { quoted: validKey(a.key.reveal(), what) }])];
  const chainName = keyChainName(desired.name);
  const key = [...GROUPS, 'security', 'authentication-key-chains', 'key-chain', chainName, 'key', '0'];
  const ao = [...key, 'ao-attribute'];
  return [
    set([...key, 'secret', { quoted: validKey(a.key.reveal(), what) }]),
    set([...key, 'start-time', { quoted: KEY_START_TIME }]),
    set([...key, 'algorithm', 'ao']),
    set([...ao, 'send-id', checkInt('send_id', a.sendId, 0, 255)]),
    set([...ao, 'recv-id', checkInt('recv_id', a.recvId, 0, 255)]),
    set([...ao, 'tcp-ao-option', 'enabled']),
    set([...ao, 'cryptographic-algorithm', JUNOS_AO_ALGORITHM[a.algorithm]]),
    set([...group, 'authentication-key-chain', chainName]),
    set([...group, 'authentication-algorithm', 'ao']),
  ];
}

/** The `delete` edits that remove statement `kind` as the device has it from a group. */
function deleteStatement(kind: GroupStatementKind, actual: ManagedGroup, group: readonly JunosWord[]): JunosEdit[] {
  switch (kind) {
    case 'type':
      return [del([...group, 'type'])];
    case 'cluster':
      return [del([...group, 'cluster'])];
    case 'multihop':
      return [del([...group, 'multihop'])];
    case 'transparent':
      return [del([...group, 'route-server-client'])];
    case 'families':
      return sortFamilies(actual.families ?? []).map((f) => del([...group, 'family', JUNOS_FAMILY[f][0]]));
    case 'authentication':
      return actual.authentication?.method === 'tcp-ao'
        ? [
            del([...group, 'authentication-key-chain']),
            del([...group, 'authentication-algorithm']),
            del([...GROUPS, 'security', 'authentication-key-chains', 'key-chain', keyChainName(actual.name)]),
          ]
        : [del([...group, 'authentication-key'])];
    case 'timers':
      return [del([...group, 'hold-time'])];
    case 'bfd':
      return [del([...group, 'bfd-liveness-detection'])];
    case 'prefix-limit':
      return sortFamilies(actual.families ?? []).map((f) => del([...familyPath(group, f), 'prefix-limit']));
  }
}

/**
 * Edits that bring statement `kind` of an existing group from `actual` to `desired`: leaves are
 * replaced by a `set`; containers (`multihop`, `bfd-liveness-detection`, key chains, prefix
 * limits) are deleted and written again, which also clears deactivated children; families are
 * changed one by one (only the families that differ), keeping each family's other statements.
 */
export function changeStatement(
  kind: GroupStatementKind,
  actual: ManagedGroup,
  desired: DesiredGroup,
  group: readonly JunosWord[],
): JunosEdit[] {
  if (kind === 'families') {
    const before = new Set(actual.families ?? []);
    const after = new Set(desired.families);
    return [
      ...sortFamilies([...before].filter((f) => !after.has(f))).map((f) =>
        del([...group, 'family', JUNOS_FAMILY[f][0]]),
      ),
      ...sortFamilies([...after].filter((f) => !before.has(f))).map((f) => set(familyPath(group, f))),
    ];
  }
  const leaf = kind === 'type' || kind === 'cluster' || kind === 'timers' || kind === 'transparent';
  const sameMethod =
    kind === 'authentication' && actual.authentication?.method === 'md5' && desired.authentication?.method === 'md5';
  const present = STATEMENT_PRESENT[kind](actual);
  const removal =
    present && !(leaf && desired[STATEMENT_FIELDS[kind]] !== undefined) && !sameMethod
      ? deleteStatement(kind, actual, group)
      : [];
  return [...removal, ...setStatement(kind, desired, group)];
}

/**
 * Every statement of a group being created, in rendering order (type, cluster, multihop,
 * transparency, families, authentication, hold time, BFD, prefix limits), plus the long-lived
 * graceful restart of each family when the group's families are owned and `gr` has one.
 */
export function createGroupEdits(
  desired: DesiredGroup,
  group: readonly JunosWord[],
  gr: GracefulRestart | undefined,
): JunosEdit[] {
  const edits = GROUP_STATEMENT_KINDS.flatMap((kind) => setStatement(kind, desired, group));
  if (desired.owned.includes('families'))
    for (const f of sortFamilies(desired.families)) pushAll(edits, longLivedEdits(gr, familyPath(group, f)));
  return edits;
}

const STATEMENT_PRESENT: Readonly<Record<GroupStatementKind, (g: ManagedGroup) => boolean>> = Object.fromEntries(
  Object.entries(STATEMENT_FIELDS).map(([kind, field]) => [
    kind,
    (g: ManagedGroup) => (kind === 'transparent' ? g.transparent === true : g[field] !== undefined),
  ]),
) as Record<GroupStatementKind, (g: ManagedGroup) => boolean>;

/** Per-neighbor family statements (`neighbor X family …`) of a neighbor, from the desired group. */
export function neighborFamilyEdits(desired: DesiredGroup, neighbor: string, group: readonly JunosWord[]): JunosEdit[] {
  const own = desired.neighborFamilies?.[neighbor];
  if (own === undefined) return [];
  return sortFamilies(own).map((f) => set([...group, 'neighbor', neighbor, 'family', ...JUNOS_FAMILY[f]]));
}

/** Long-lived graceful restart of one family of a group (`family … graceful-restart long-lived …`). */
export function longLivedEdits(gr: GracefulRestart | undefined, family: readonly JunosWord[]): JunosEdit[] {
  if (gr?.longLivedStaleTimeS === undefined) return [];
  return [
    set([
      ...family,
      'graceful-restart',
      'long-lived',
      'restarter',
      'stale-time',
      checkInt('long_lived_stale_time_seconds', gr.longLivedStaleTimeS, 1, 16_777_215),
    ]),
  ];
}

/** `graceful-restart` of the router (`groups MESHRR protocols bgp graceful-restart …`). */
export function gracefulRestartEdits(gr: GracefulRestart | undefined): JunosEdit[] {
  if (gr === undefined) return [];
  const path = [...BGP, 'graceful-restart'];
  return [
    set([...path, 'restart-time', checkInt('restart_time_seconds', gr.restartTimeS, 1, 600)]),
    set([...path, 'stale-routes-time', checkInt('stale_routes_time_seconds', gr.staleRoutesTimeS, 1, 600)]),
  ];
}
