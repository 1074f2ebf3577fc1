import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CLUSTER_ZONE } from '../dns/bindServer.js';

/**
 * The resolv.conf of a pod in `namespace` whose cluster DNS is `dnsAddress`: the Kubernetes search
 * list and `ndots:5`, so short service names resolve as in a pod.
 */
export function podResolvConf(namespace: string, dnsAddress: string): string {
  return [
    `nameserver ${dnsAddress}`,
    `search ${namespace}.svc.${CLUSTER_ZONE} svc.${CLUSTER_ZONE} ${CLUSTER_ZONE}`,
    'options ndots:5 timeout:1 attempts:2',
    '',
  ].join('\n');
}

function withLabResolver(group: unknown, resolvConf: string): unknown {
  if (typeof group !== 'object' || group === null) return group;
  const source = (group as { source?: unknown }).source;
  if (typeof source !== 'object' || source === null) return group;
  const options = source as Record<string, unknown>;
  const type = typeof options['sourcetype'] === 'string' ? options['sourcetype'].toLowerCase() : 'dns';
  if (type !== 'dns' || 'nameservers' in options || 'resolv_conf' in options) return group;
  return { ...group, source: { ...options, resolv_conf: resolvConf } };
}

/**
 * Writes `<dir>/resolv.conf` (see {@link podResolvConf}) and `<dir>/meshrr.conf.yml`: the group's
 * configuration where every DNS source without its own `nameservers`/`resolv_conf` reads that
 * resolv.conf, so the agent resolves against the lab DNS like a pod against CoreDNS.
 */
export function writePodConfig(dir: string, meshrr: Readonly<Record<string, unknown>>, namespace: string, dnsAddress: string): void {
  const resolvConf = join(dir, 'resolv.conf');
  writeFileSync(resolvConf, podResolvConf(namespace, dnsAddress));
  const groups = meshrr['bgpgroups'];
  const config = Array.isArray(groups) ? { ...meshrr, bgpgroups: groups.map((g: unknown) => withLabResolver(g, resolvConf)) } : meshrr;
  writeFileSync(join(dir, 'meshrr.conf.yml'), stringify(config));
}
