import type { RouterIdentity } from '../api/peer.js';
import { canonicalIpAddress, classifyIpAddress, parseIpAddress, sortIpAddressTexts } from '../net/index.js';
import { ENVIRONMENT_ORIGIN, type MeshrrEnvironment } from './environment.js';
import type { ConfigIssue } from './issues.js';

/** Result of {@link loadRouterIdentity}. */
export type RouterIdentityResult =
  | { readonly ok: true; readonly identity: RouterIdentity }
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

/**
 * The identity of the managed router from the pod's environment:
 * - `POD_IP` (required; the downward API `status.podIP`): a unicast IP address. It is the
 *   router-id, so it must be IPv4 — unless `POD_IPS` holds an IPv4 address, which is then used.
 * - `POD_IPS` (optional; `status.podIPs`, comma-separated, spaces tolerated): every address of
 *   the pod; each must be unicast, and `POD_IP` must be one of them (Kubernetes guarantees it).
 * `addresses` = `POD_IP` ∪ `POD_IPS`, canonical and sorted (IPv4 first), without repeats.
 * Every problem is reported at once, each naming the variable and the value.
 */
export function loadRouterIdentity(env: MeshrrEnvironment): RouterIdentityResult {
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
  if (errors.length > 0 || main.address === undefined) return { ok: false, errors };
  const addresses = sortIpAddressTexts(new Set([main.address, ...others]));
  const routerId = main.address.includes(':') ? addresses.find((address) => !address.includes(':')) : main.address;
  if (routerId === undefined) {
    return {
      ok: false,
      errors: [
        {
          file: ENVIRONMENT_ORIGIN,
          path: 'POD_IP',
          message: 'is IPv6 and POD_IPS holds no IPv4 address; the BGP router-id must be an IPv4 address',
          found: JSON.stringify(podIp),
        },
      ],
    };
  }
  return { ok: true, identity: { routerId, addresses } };
}
