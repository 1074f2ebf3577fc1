import { canonicalIpAddress, parseCidr } from '@meshrr/core';
import { z } from 'zod';

const NAME = /^[a-z][a-z0-9-]{0,30}$/;
const name = z.string().regex(NAME, 'must be 1-31 characters of a-z, 0-9 and "-", starting with a letter');
const community = z.string().regex(/^\d{1,5}:\d{1,5}$/, 'must be a standard community AA:NN');
const asn = z.number().int().min(1).max(4_294_967_295);

const network16 = z.string().refine((text) => {
  const parsed = parseCidr(text);
  return parsed.ok && parsed.cidr.family === 4 && parsed.cidr.length === 16;
}, 'must be an IPv4 /16 (e.g. 10.99.0.0/16): group k uses its k-th /24, clients the 200th');

const anyCidr = z.string().refine((text) => parseCidr(text).ok, 'must be an IP prefix (a.b.c.d/len or IPv6 x:y::/len)');

const network64 = z.string().refine((text) => {
  const parsed = parseCidr(text);
  return parsed.ok && parsed.cidr.family === 6 && parsed.cidr.length === 64 && parsed.cidr.network >> 120n === 0xfdn;
}, 'must be an IPv6 /64 inside the unique-local fd00::/8 (e.g. fd00:99::/64): the lab adds it only inside its own namespaces');

/** IP versions of lab nodes. */
export const IP_FAMILIES = ['ipv4', 'ipv6'] as const;
const ipFamily = z.enum(IP_FAMILIES);

const ipv4 = z.string().refine((text) => canonicalIpAddress(text)?.includes('.') === true, 'must be an IPv4 address');

/** The BGP daemons a lab route reflector can run: FRR (built into the agent) or BIRD 2 (through a platform plugin). */
export const DAEMONS = ['frr', 'bird'] as const;
/** A route reflector's BGP daemon. */
export type Daemon = (typeof DAEMONS)[number];
const daemon = z.enum(DAEMONS);

/** One prefix a client announces, with its standard communities. */
export const announcementSchema = z.strictObject({
  /** IPv4 or IPv6 (of the client's `transport` family). */
  prefix: anyCidr,
  communities: z.array(community).default([]),
});

/** A route-reflector (or route-server) group: `count` routers, one agent each. */
export const groupSchema = z
  .strictObject({
    name,
    count: z.number().int().min(1).max(50),
    service: z.string().regex(NAME, 'must be a DNS label (a-z, 0-9, "-")'),
    meshrr: z.record(z.string(), z.unknown()).optional(),
    meshrrFile: z.string().min(1).optional(),
    frrPolicy: z.string().optional(),
    frrPolicyFile: z.string().min(1).optional(),
    /**
     * The BGP daemon of the group's routers: `frr` (default; the agent's built-in platform) or
     * `bird` (BIRD 2; the agent runs `--platform bird`, which the group's meshrr configuration must
     * bring as a plugin in `plugins:`, e.g. meshrr-platform-bird).
     */
    daemon: daemon.default('frr'),
    /** Per-router exceptions to `daemon`, by router name (`<group>-<index>`, e.g. `core-1: bird`). */
    routerDaemons: z.record(z.string(), daemon).default({}),
    /**
     * Files the group's pods see as mounted Secrets: pod path (absolute, as the meshrr configuration
     * names it, e.g. `authentication.key_file`) → file relative to the topology. Each pod gets a
     * private copy and its meshrr configuration points there.
     */
    secretFiles: z.record(z.string().regex(/^\/[^\0]*$/, 'must be an absolute path'), z.string().min(1)).default({}),
  })
  .refine((group) => (group.meshrr === undefined) !== (group.meshrrFile === undefined), {
    message: 'give exactly one of meshrr (inline meshrr.conf.yml) and meshrrFile (path)',
    path: ['meshrr'],
  })
  .refine((group) => group.frrPolicy === undefined || group.frrPolicyFile === undefined, {
    message: 'give at most one of frrPolicy (inline FRR config) and frrPolicyFile (path)',
    path: ['frrPolicy'],
  });

/** A client FRR: announces prefixes, peers with routers of one group. */
export const clientSchema = z.strictObject({
  name,
  peerGroup: name,
  /** Peer with the first `peers` routers of the group (default: all). */
  peers: z.number().int().min(1).optional(),
  asn: asn.optional(),
  address: ipv4.optional(),
  prefixes: z.array(announcementSchema).default([]),
  /**
   * TCP MD5 key of its sessions (FRR `neighbor RR password`), to test a group's `authentication`:
   * the right key comes up, a wrong one never does. 1-80 printable characters without space.
   */
  password: z
    .string()
    .regex(/^[!-~]{1,80}$/, 'must be 1-80 printable ASCII characters without space')
    .optional(),
  /**
   * FRR's check that an eBGP route's first AS is the sending peer's (default true). Clients of an
   * RFC 7947 transparent route server receive the originating client's AS first: set false.
   */
  enforceFirstAs: z.boolean().optional(),
  /**
   * The IP version the client has and peers over (one address of it; its route reflectors' address of
   * that version). Default: the lab's first `ipFamilies` entry. Its prefixes must be of that version.
   */
  transport: ipFamily.optional(),
});

/** A lab topology file. */
export const topologySchema = z.strictObject({
  name,
  namespace: z.string().regex(NAME, 'must be a DNS label').default('default'),
  network: network16.default('10.99.0.0/16'),
  /**
   * Which addresses the lab's route reflectors and DNS server get, primary (`POD_IP`) first:
   * `[ipv4]` (default), `[ipv4, ipv6]` (dual stack: `POD_IPS` both, A and AAAA records) or `[ipv6]`
   * (IPv6-only: no IPv4 address at all).
   */
  ipFamilies: z
    .array(ipFamily)
    .min(1, 'must name at least one of ipv4, ipv6')
    .refine((list) => new Set(list).size === list.length, 'must not repeat a family')
    .default(['ipv4']),
  /**
   * The lab's IPv6 /64 (a ULA inside fd00::/8). A node at `<network>.<k>.<h>` gets
   * `<network6>::<k>:<h>` (same digits), e.g. 10.99.1.3 ↔ fd00:99::1:3.
   */
  network6: network64.default('fd00:99::/64'),
  groups: z.array(groupSchema).min(1, 'must list at least one route-reflector group'),
  clients: z.array(clientSchema).default([]),
});

/** A topology file as written (after defaults). */
export type TopologyFile = z.output<typeof topologySchema>;
/** A client as written (after defaults). */
export type ClientSpec = z.output<typeof clientSchema>;
/** An announcement as written (after defaults). */
export type Announcement = z.output<typeof announcementSchema>;
