import { z } from 'zod';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const dnsLabel = (what: string) =>
  z
    .string()
    .regex(
      DNS_LABEL,
      `must be a Kubernetes ${what} name (RFC 1123 label: lower-case letters, digits and "-", 1-63 characters)`,
    );

/** Splits a meshrr-style `hostname` (`svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.<cluster domain>`). */
function parseServiceHostname(hostname: string): { service: string; namespace?: string } | string {
  const labels = hostname.replace(/\.$/, '').split('.');
  const [service, namespace, svc] = labels;
  if (service === undefined || !DNS_LABEL.test(service)) return 'its first label must be the Service name';
  if (namespace !== undefined && !DNS_LABEL.test(namespace)) return 'its second label must be the namespace';
  if (labels.length > 2 && svc !== 'svc') return 'its third label must be "svc" (svc.ns.svc.cluster.local)';
  return namespace === undefined ? { service } : { service, namespace };
}

const baseSchema = z.strictObject({
  service: dnsLabel('Service').optional(),
  hostname: z.string().min(1).max(253).optional(),
  namespace: dnsLabel('namespace').optional(),
  kubeconfig: z.string().min(1).optional(),
  label_selector: z
    .string()
    .regex(/^[A-Za-z0-9_./!=,-]+$/, 'must be an equality-based label selector such as "meshrr.io/role=rr,tier!=test"')
    .optional(),
  conditions: z.enum(['ready', 'serving', 'any']).default('ready'),
  include_terminating: z.boolean().default(false),
  address_families: z
    .array(z.enum(['ipv4', 'ipv6']))
    .min(1, 'must name at least one of ipv4, ipv6')
    .transform((families) => [...new Set(families)])
    .default(['ipv4', 'ipv6']),
  port_name: z.string().min(1).max(63).optional(),
  watch_timeout_seconds: z.number().int().min(10).max(3600).default(300),
  request_timeout_seconds: z.number().positive().max(300).default(30),
});

/**
 * zod schema of the `source` keys of `sourcetype: kubernetes` (unknown keys are errors). Output:
 * {@link K8sDiscoveryOptions}, with `service` and `namespace` resolved.
 * - `service`: name of the Service whose EndpointSlices (label `kubernetes.io/service-name`) are
 *   watched. Or `hostname`, meshrr's DNS-style name: `svc`, `svc.ns`, `svc.ns.svc` or
 *   `svc.ns.svc.<cluster domain>` (the first label is the Service, the second the namespace), so a
 *   `sourcetype: dns` group migrates by changing only `sourcetype`. Exactly one of the two.
 * - `namespace`: default the namespace from `hostname`, else the pod's own namespace (the
 *   service-account `namespace` file), else the kubeconfig context's namespace.
 * - `kubeconfig`: path of a kubeconfig file (out of cluster; relative to the config file);
 *   default: the in-cluster service account.
 * - `label_selector`: extra equality-based selector AND-ed with the service-name label.
 * - `conditions`: which endpoints are peers: `ready` (default; `ready` unset counts as true),
 *   `serving` (the pod's own readiness, even with `publishNotReadyAddresses`), `any`.
 * - `include_terminating`: keep endpoints whose `terminating` condition is true (default false:
 *   a pod shutting down leaves the meshes at once, before its BGP sessions drop).
 * - `address_families`: `[ipv4, ipv6]` (default) or one of them; selects slices by `addressType`.
 * - `port_name`: carry the port of that name from each slice (endpoints of a slice without it are
 *   left out); default: no port.
 * - `watch_timeout_seconds` (default 300): server-side watch timeout; a watch that stays silent
 *   30 s longer is considered dead and reconnected.
 * - `request_timeout_seconds` (default 30): timeout of each list request.
 */
export const k8sOptionsSchema = baseSchema.transform((options, ctx) => {
  const { hostname, service, namespace, ...rest } = options;
  if ((hostname === undefined) === (service === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['service'],
      message: 'set exactly one of "service" (Service name) and "hostname" (svc.ns.svc.cluster.local)',
    });
    return z.NEVER;
  }
  if (hostname === undefined) return { ...rest, service: service!, namespace };
  const parsed = parseServiceHostname(hostname);
  if (typeof parsed === 'string') {
    ctx.addIssue({
      code: 'custom',
      path: ['hostname'],
      message: `must be svc, svc.ns or svc.ns.svc.<cluster domain>: ${parsed}`,
    });
    return z.NEVER;
  }
  if (namespace !== undefined && parsed.namespace !== undefined && namespace !== parsed.namespace) {
    ctx.addIssue({
      code: 'custom',
      path: ['namespace'],
      message: `contradicts the namespace "${parsed.namespace}" in hostname`,
    });
    return z.NEVER;
  }
  return { ...rest, service: parsed.service, namespace: namespace ?? parsed.namespace };
});

/** Validated options of a `sourcetype: kubernetes` group (output of {@link k8sOptionsSchema}). */
export type K8sDiscoveryOptions = z.output<typeof k8sOptionsSchema>;
