import { sortFamilies, type AddressFamily, type GracefulRestart } from '../api/bgp.js';
import type { DeviceAuthentication, GroupStatementKind, ManagedGroup } from '../api/state.js';

/** How one statement kind is read from a group, compared and described for people. */
interface StatementSpec {
  /** The value the group holds (`undefined` = no such statement). */
  value(group: ManagedGroup): unknown;
  /** Equal values (both defined). */
  same(a: unknown, b: unknown): boolean;
  /** The value for logs and `plan` (never a secret). */
  describe(value: unknown): string;
}

/** Structural equality of plain data (objects with the same keys, arrays in order). */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function describeData(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
}

const plain: Omit<StatementSpec, 'value'> = { same: sameData, describe: describeData };

/** Keys of two authentications are equal, or one side cannot be read back (then never rewritten). */
function sameAuthentication(a: unknown, b: unknown): boolean {
  const x = a as DeviceAuthentication;
  const y = b as DeviceAuthentication;
  if (x.method !== y.method) return false;
  if (x.method === 'tcp-ao' && y.method === 'tcp-ao') {
    if (x.sendId !== y.sendId || x.recvId !== y.recvId || x.algorithm !== y.algorithm) return false;
  }
  if (x.key === undefined || y.key === undefined) return true;
  return x.key.equals(y.key);
}

function keepaliveOf(timers: { holdTimeS: number; keepaliveS?: number }): number {
  return timers.keepaliveS ?? Math.floor(timers.holdTimeS / 3);
}

/** Every statement kind meshrr compares, with how it reads and compares. */
export const STATEMENT_SPECS: Readonly<Record<GroupStatementKind, StatementSpec>> = {
  type: { value: (g) => g.peerType, ...plain },
  cluster: { value: (g) => g.clusterId, ...plain },
  multihop: {
    value: (g) => g.multihop,
    same: sameData,
    describe: (v) => {
      const m = v as { ttl: number; nextHopUnchanged: boolean };
      return `ttl ${m.ttl}${m.nextHopUnchanged ? ', next hop unchanged' : ''}`;
    },
  },
  transparent: { value: (g) => (g.transparent === true ? true : undefined), ...plain },
  families: {
    value: (g) => (g.families === undefined ? undefined : sortFamilies(g.families)),
    same: sameData,
    describe: (v) => (v as AddressFamily[]).join(' '),
  },
  authentication: {
    value: (g) => g.authentication,
    same: sameAuthentication,
    describe: (v) => {
      const a = v as DeviceAuthentication;
      return a.method === 'md5'
        ? 'md5 key [secret]'
        : `tcp-ao ${a.algorithm} send-id ${a.sendId} recv-id ${a.recvId} key [secret]`;
    },
  },
  timers: {
    value: (g) => g.timers,
    same: (a, b) => {
      const x = a as { holdTimeS: number; keepaliveS?: number };
      const y = b as { holdTimeS: number; keepaliveS?: number };
      return x.holdTimeS === y.holdTimeS && keepaliveOf(x) === keepaliveOf(y);
    },
    describe: (v) => {
      const t = v as { holdTimeS: number; keepaliveS?: number };
      return `hold ${t.holdTimeS} s, keepalive ${keepaliveOf(t)} s`;
    },
  },
  bfd: {
    value: (g) => g.bfd,
    same: sameData,
    describe: (v) => {
      const b = v as { minimumIntervalMs: number; multiplier: number };
      return `${b.minimumIntervalMs} ms x ${b.multiplier}`;
    },
  },
  'prefix-limit': {
    value: (g) => g.prefixLimit,
    same: sameData,
    describe: (v) => {
      const p = v as { maximum: number; warningOnly: boolean; restartMinutes?: number };
      const action = p.warningOnly
        ? 'warning only'
        : `teardown${p.restartMinutes === undefined ? '' : `, restart after ${p.restartMinutes} min`}`;
      return `${p.maximum} (${action})`;
    },
  },
};

/** Graceful restart described for people. */
export function describeGracefulRestart(gr: GracefulRestart): string {
  return `restart ${gr.restartTimeS} s, stale routes ${gr.staleRoutesTimeS} s${gr.longLivedStaleTimeS === undefined ? '' : `, long-lived stale ${gr.longLivedStaleTimeS} s`}`;
}
