import type { RouterIdentity } from '../api/peer.js';
import {
  canonicalIpAddress,
  classifyIpAddress,
  formatIpAddress,
  parseIpAddress,
  sortIpAddressTexts,
  type IpAddress,
} from '../net/index.js';
import { ENVIRONMENT_ORIGIN, type MeshrrEnvironment } from './environment.js';
import type { ConfigIssue } from './issues.js';

/** Result of {@link loadRouterIdentity}. */
export type RouterIdentityResult =
  | { readonly ok: true; readonly identity: RouterIdentity; readonly routerIdSource: RouterIdSource }
  | { readonly ok: false; readonly errors: readonly ConfigIssue[] };

function unicast(variable: string, text: string): { address?: string; issue?: ConfigIssue } {
  const ip = parseIpAddress(text);
  const issue = { file: ENVIRONMENT_ORIGIN, path: variable, found: JSON.stringify(text) };
  if (ip === undefined)
    return { issue: { ...issue, message: 'must be an IP address (IPv4 dotted quad or IPv6, no zone or brackets)' } };
  const kind = classifyIpAddress(ip);
  if (kind !== 'unicast') return { issue: { ...issue, message: `must be a unicast address, not ${kind}` } };
  return { address: canonicalIpAddress(text) ?? text };
}

/** FNV-1a, 32 bits, over the bytes of `value` (big-endian, `bytes` long). */
function fnv1a32(value: bigint, bytes: number): number {
  let hash = 0x811c9dc5;
  for (let i = bytes - 1; i >= 0; i -= 1) {
    hash ^= Number((value >> BigInt(i * 8)) & 0xffn);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * The router-id of a pod that has only IPv6 addresses: FNV-1a (32 bits) of the 16 bytes of its
 * IPv6 address, read as an IPv4 address; a first octet of 0, 127 or 224–255 (not usable as a
 * router-id by every daemon) becomes 128 + (octet mod 64). Deterministic: the same address
 * always gives the same router-id, and two pods collide with probability about 2^-32 per pair.
 */
export function deriveRouterId(ipv6: IpAddress): string {
  let id = fnv1a32(ipv6.value, 16);
  const first = id >>> 24;
  if (first === 0 || first === 127 || first >= 224) id = (((128 + (first % 64)) << 24) | (id & 0xffffff)) >>> 0;
  return formatIpAddress({ family: 4, value: BigInt(id) });
}

/** Where a router-id came from (for `validate` and logs). */
export type RouterIdSource = 'ROUTER_ID' | 'router_id' | 'POD_IP' | 'POD_IPS' | 'derived';

function configuredRouterId(env: MeshrrEnvironment): { id?: string; issue?: ConfigIssue } {
  const text = env['ROUTER_ID'];
  if (text === undefined || text === '') return {};
  const ip = parseIpAddress(text);
  if (ip?.family === 4 && ip.value !== 0n) return { id: formatIpAddress(ip) };
  return {
    issue: {
      file: ENVIRONMENT_ORIGIN,
      path: 'ROUTER_ID',
      message: 'must be an IPv4 address (the 32-bit BGP router-id), not 0.0.0.0',
      found: JSON.stringify(text),
    },
  };
}

/**
 * The identity of the managed router from the pod's environment:
 * - `POD_IP` (required; the downward API `status.podIP`): a unicast IP address.
 * - `POD_IPS` (optional; `status.podIPs`, comma-separated, spaces tolerated): every address of
 *   the pod; each must be unicast, and `POD_IP` must be one of them (Kubernetes guarantees it).
 * `addresses` = `POD_IP` ∪ `POD_IPS`, canonical and sorted (IPv4 first), without repeats.
 *
 * The BGP router-id (32 bits), first that applies: `ROUTER_ID` in the environment (per pod);
 * `configRouterId` (`router_id` of `meshrr.conf.yml`); `POD_IP` when it is IPv4; the IPv4 address
 * of `POD_IPS`; else derived from the IPv6 `POD_IP` ({@link deriveRouterId}), so an IPv6-only pod
 * works. Every problem is reported at once, each naming the variable and the value.
 */
export function loadRouterIdentity(env: MeshrrEnvironment, configRouterId?: string): RouterIdentityResult {
  const podIp = env['POD_IP'];
  if (podIp === undefined || podIp === '') {
    return {
      ok: false,
      errors: [
        {
          file: ENVIRONMENT_ORIGIN,
          path: 'POD_IP',
          message: 'is required (set it from the downward API: fieldRef status.podIP)',
        },
      ],
    };
  }
  const errors: ConfigIssue[] = [];
  const main = unicast('POD_IP', podIp);
  if (main.issue !== undefined) errors.push(main.issue);
  const others: string[] = [];
  const list = env['POD_IPS'];
  if (list !== undefined && list.trim() !== '') {
    for (const entry of list.split(',').map((part) => part.trim())) {
      const checked = unicast('POD_IPS', entry);
      if (checked.issue !== undefined) errors.push(checked.issue);
      else if (checked.address !== undefined) others.push(checked.address);
    }
    if (main.address !== undefined && errors.length === 0 && !others.includes(main.address)) {
      errors.push({
        file: ENVIRONMENT_ORIGIN,
        path: 'POD_IPS',
        message: `must include POD_IP (${main.address})`,
        found: JSON.stringify(list),
      });
    }
  }
  const fromEnv = configuredRouterId(env);
  if (fromEnv.issue !== undefined) errors.push(fromEnv.issue);
  if (errors.length > 0 || main.address === undefined) return { ok: false, errors };
  const addresses = sortIpAddressTexts(new Set([main.address, ...others]));
  const ipv4 = addresses.find((address) => !address.includes(':'));
  const chosen: { routerId: string; source: RouterIdSource } =
    fromEnv.id !== undefined
      ? { routerId: fromEnv.id, source: 'ROUTER_ID' }
      : configRouterId !== undefined
        ? { routerId: configRouterId, source: 'router_id' }
        : !main.address.includes(':')
          ? { routerId: main.address, source: 'POD_IP' }
          : ipv4 !== undefined
            ? { routerId: ipv4, source: 'POD_IPS' }
            : { routerId: deriveRouterId(parseIpAddress(main.address)!), source: 'derived' };
  return { ok: true, identity: { routerId: chosen.routerId, addresses }, routerIdSource: chosen.source };
}
