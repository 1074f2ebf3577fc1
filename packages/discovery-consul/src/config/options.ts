import { z } from 'zod';

const consulUrl = z.string().refine(
  (text) => {
    try {
      const url = new URL(text);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        url.username === '' &&
        url.password === '' &&
        (url.pathname === '/' || url.pathname === '') &&
        url.search === ''
      );
    } catch {
      return false;
    }
  },
  {
    message:
      'must be http://host:port or https://host:port (no path, no user:password: use token_file for the ACL token)',
  },
);

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const segment = (what: string) =>
  z.string().regex(SEGMENT, `must be a Consul ${what} (letters, digits, "_", "-", ".")`);

/**
 * zod schema of the `source` keys of `sourcetype: consul` (unknown keys are errors):
 * - `service` (required): the Consul service name, queried at `/v1/health/service/<service>`.
 * - `tag`: a tag or list of tags every instance must carry (`tag=` query parameters).
 * - `passing_only` (default true): only instances whose node and service checks all pass
 *   (`passing` query parameter, checked again on the answer). With false, every registered
 *   instance is a peer and its aggregated check status is in the `health` label.
 * - `address`: Consul HTTP API, `http(s)://host:port`; default `CONSUL_HTTP_ADDR` from the agent's
 *   environment, else `http://127.0.0.1:8500`.
 * - `datacenter`, `namespace`, `partition`: the `dc`, `ns` and `partition` query parameters
 *   (namespaces and partitions are Consul Enterprise).
 * - `filter`: a Consul filter expression passed as `filter`.
 * - `token_file`: file holding the ACL token, read on every request (rotation works); default
 *   `CONSUL_HTTP_TOKEN_FILE`, else `CONSUL_HTTP_TOKEN`. Sent as `X-Consul-Token`. Never inline.
 * - `tls`: `ca_file`, `cert_file`, `key_file` (client certificate), `server_name`; defaults
 *   `CONSUL_CACERT`, `CONSUL_CLIENT_CERT`, `CONSUL_CLIENT_KEY`, `CONSUL_TLS_SERVER_NAME`.
 * - `zone_meta_key` (default `zone`): service (else node) meta key copied into the `zone` label.
 * - `allow_stale` (default false): `stale` reads from any server; answers without a known leader
 *   are accepted only then (otherwise they are failures).
 * - `wait_seconds` (default 300, max 600): blocking-query `wait`.
 * - `rate_limit_burst` (default 2) and `rate_limit_interval_seconds` (default 15): token bucket
 *   on the blocking loop, as Consul's "Blocking Queries" page recommends: changes are delivered
 *   at once until the burst is used, then at most one query per interval while results churn.
 */
export const consulOptionsSchema = z.strictObject({
  service: segment('service name'),
  tag: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .transform((tags) => (typeof tags === 'string' ? [tags] : [...new Set(tags)]))
    .optional(),
  passing_only: z.boolean().default(true),
  address: consulUrl.optional(),
  datacenter: segment('datacenter').optional(),
  namespace: segment('namespace').optional(),
  partition: segment('partition').optional(),
  filter: z.string().min(1).max(1024).optional(),
  token_file: z.string().min(1).optional(),
  tls: z
    .strictObject({
      ca_file: z.string().min(1).optional(),
      cert_file: z.string().min(1).optional(),
      key_file: z.string().min(1).optional(),
      server_name: z.string().min(1).optional(),
    })
    .refine((tls) => (tls.cert_file === undefined) === (tls.key_file === undefined), {
      message: 'cert_file and key_file go together',
    })
    .optional(),
  zone_meta_key: z.string().min(1).default('zone'),
  allow_stale: z.boolean().default(false),
  wait_seconds: z.number().min(1).max(600).default(300),
  rate_limit_burst: z.number().int().min(1).max(100).default(2),
  rate_limit_interval_seconds: z.number().min(0).max(600).default(15),
});

/** Validated options of a `sourcetype: consul` group (output of {@link consulOptionsSchema}). */
export type ConsulDiscoveryOptions = z.output<typeof consulOptionsSchema>;
