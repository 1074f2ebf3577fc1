/** A pod of the test Service: index, IPv4 and IPv6. */
export interface ZonePod {
  readonly index: number;
  readonly v4: string;
  readonly v6: string;
}

/** The Service the suite resolves: `meshrr.core.svc.cluster.local`. */
export const SERVICE = 'meshrr.core.svc.cluster.local';
/** A Service without per-pod names below it, so removing its records gives NXDOMAIN (not NODATA). */
export const LONELY = 'lonely.core.svc.cluster.local';
/** A Service with `BIG_COUNT` A records, answered over TCP only. */
export const BIG = 'big.core.svc.cluster.local';
export const BIG_COUNT = 2000;

/** Pod `i`: 10.0.0.(i+1) and fd00:10::(i+1). */
export function pod(index: number): ZonePod {
  return { index, v4: `10.0.0.${index + 1}`, v6: `fd00:10::${(index + 1).toString(16)}` };
}

/** nsupdate lines adding (or deleting) pod `p`: Service A/AAAA, per-pod A and SRV, like CoreDNS shows a Ready pod. */
export function podUpdate(action: 'add' | 'delete', p: ZonePod, ttl: number): string[] {
  const host = `meshrr-${p.index}.${SERVICE}`;
  const t = action === 'add' ? ` ${ttl} IN` : '';
  return [
    `update ${action} ${SERVICE}.${t} A ${p.v4}`,
    `update ${action} ${SERVICE}.${t} AAAA ${p.v6}`,
    `update ${action} ${host}.${t} A ${p.v4}`,
    `update ${action} ${host}.${t} AAAA ${p.v6}`,
    `update ${action} _bgp._tcp.${SERVICE}.${t} SRV 0 50 179 ${host}.`,
  ];
}

function podRecords(p: ZonePod, ttl: number): string[] {
  const host = `meshrr-${p.index}.meshrr.core.svc`;
  return [
    `meshrr.core.svc ${ttl} IN A ${p.v4}`,
    `meshrr.core.svc ${ttl} IN AAAA ${p.v6}`,
    `${host} ${ttl} IN A ${p.v4}`,
    `${host} ${ttl} IN AAAA ${p.v6}`,
    `_bgp._tcp.meshrr.core.svc ${ttl} IN SRV 0 50 179 ${host}.cluster.local.`,
  ];
}

/**
 * A `cluster.local` zone shaped like a Kubernetes cluster: the headless Service `meshrr` in
 * namespace `core` with `pods` (A, AAAA, per-pod names, `_bgp._tcp` SRV), `lonely` with one A
 * record, and `big` with {@link BIG_COUNT} A records. Every record has TTL `ttl`; SOA MINIMUM too.
 */
export function k8sZone(pods: readonly ZonePod[], ttl: number): string {
  const lines = [
    '$ORIGIN cluster.local.',
    `$TTL ${ttl}`,
    `@ IN SOA ns.cluster.local. hostmaster.cluster.local. ( 1 60 60 600 ${ttl} )`,
    '@ IN NS ns.cluster.local.',
    'ns IN A 127.0.0.1',
    `lonely.core.svc ${ttl} IN A 10.1.0.1`,
    ...pods.flatMap((p) => podRecords(p, ttl)),
  ];
  for (let i = 0; i < BIG_COUNT; i += 1) lines.push(`big.core.svc ${ttl} IN A 10.2.${i >> 8}.${i & 255}`);
  return `${lines.join('\n')}\n`;
}
