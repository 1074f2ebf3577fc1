import type { ServiceIdentifier } from 'inversify';
import type {
  AddressFamily,
  BfdOptions,
  FamilyTransport,
  GracefulRestart,
  PrefixLimit,
  SessionTimers,
  TcpAoAlgorithm,
} from './bgp.js';
import type { Secret } from './secret.js';

/** An autonomous system number as configured: its 32-bit value and the text the user wrote. */
export interface AsNumber {
  /** asplain value (asdot `65000.1` is 65000 × 65536 + 1). */
  readonly value: number;
  /** The configured spelling, asplain or asdot, kept for rendering (`"65000.1"`). */
  readonly text: string;
}

/** An inclusive range of AS numbers (meshrr `asranges: ["65001-65500"]`). */
export interface AsRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The `source` block of a mesh group: `sourcetype` (lower-cased, default `dns`) and every other key
 * as written. The provider registered for `sourcetype` validates `options` with its own schema.
 */
export interface SourceConfig {
  readonly sourcetype: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * Session authentication as configured: the method and the file holding the key (a Kubernetes
 * Secret volume). `key` is filled in by the agent after reading the file (core never reads
 * files); it is a {@link Secret}, so it never shows in logs or output.
 */
export type AuthenticationConfig =
  | { readonly method: 'md5'; readonly keyFile: string; readonly key?: Secret }
  | {
      readonly method: 'tcp-ao';
      readonly keyFile: string;
      readonly key?: Secret;
      readonly sendId: number;
      readonly recvId: number;
      readonly algorithm: TcpAoAlgorithm;
    };

/**
 * The BGP statements of a group that the configuration sets (extension keys of a group, plus the
 * top-level `families` / `family_transport` defaults folded in). A field that is absent was not
 * written: meshrr leaves that statement of an existing group as the template wrote it. `false`
 * was written as "off": meshrr owns the statement and keeps it absent.
 */
export interface GroupBgpConfig {
  /** `families` (group or top level). */
  readonly families?: readonly AddressFamily[];
  /** `family_transport` (group or top level); meaningful with `families`. */
  readonly familyTransport?: FamilyTransport;
  /** `route_reflector_clients`: the group's peers are route-reflector clients of this router. */
  readonly routeReflectorClients?: boolean;
  /** `multihop_ttl` (route-server groups). */
  readonly multihopTtl?: number;
  /** `transparent`: RFC 7947 transparent route server (route-server groups). */
  readonly transparent?: boolean;
  readonly authentication?: AuthenticationConfig | false;
  /** `timers`: hold time and keepalive. */
  readonly timers?: SessionTimers | false;
  readonly bfd?: BfdOptions | false;
  /** `max_prefixes`. */
  readonly prefixLimit?: PrefixLimit | false;
}

/** meshrr `type: mesh`: peer with what the source discovers (optionally only `max_peers` of it). */
export interface MeshGroupConfig {
  readonly kind: 'mesh';
  readonly name: string;
  readonly source: SourceConfig;
  /** At most this many neighbors (≥ 1); absent means every discovered peer. */
  readonly maxPeers?: number;
  /**
   * With `maxPeers`: the mesh groups whose discovered routers choose from the same candidates as
   * this router (its tier), so that together they spread evenly over the candidates. Absent =
   * automatic: every mesh group of this configuration without `maxPeers`. Empty = none (each
   * router chooses by its own rendezvous score only).
   */
  readonly balanceAcross?: readonly string[];
  /** BGP statements the configuration sets for the group (absent: none). */
  readonly bgp?: GroupBgpConfig;
}

/**
 * meshrr `type: subtractive`: accept clients from `prefixes` minus every meshed peer. With
 * `asRanges` it is a route-server (eBGP) group.
 */
export interface SubtractiveGroupConfig {
  readonly kind: 'subtractive';
  readonly name: string;
  /** Canonical CIDR text, IPv4 and IPv6. */
  readonly prefixes: readonly string[];
  /** Empty for route reflection; non-empty makes the group a route server. */
  readonly asRanges: readonly AsRange[];
  /** BGP statements the configuration sets for the group (absent: none). */
  readonly bgp?: GroupBgpConfig;
}

/** One entry of `bgpgroups`. */
export type BgpGroupConfig = MeshGroupConfig | SubtractiveGroupConfig;

/** Template selection: meshrr `MESHRR_MODE` / `mode` (`routereflector` = ipv4rr, `routeserver` = evpnrs). */
export type MeshrrMode = 'ipv4rr' | 'evpnrs';

/** What the safety guards allow (extension `safety:`). */
export interface SafetyConfig {
  /**
   * Largest share (0–1) of a group's neighbors removed inside any removal window: the budget is
   * `max(1, floor(share × the group's largest size inside the window))`, 0 when the share is 0. Default 0.5.
   */
  readonly maxRemovalShare: number;
  /** The sliding window of the removal budget, in ms. Default 300 000 (5 min). */
  readonly removalWindowMs: number;
  /** A mesh group never shrinks below this many neighbors by removal (unless allowed). Default 1. */
  readonly minGroupPeers: number;
  /** Lift the two limits above (an explicit operator decision). Default false. */
  readonly allowLargeRemovals: boolean;
  /** A peer that vanished from discovery is removed only after this long. Default 30 000 ms. */
  readonly vanishedHoldDownMs: number;
}

/**
 * How `max_peers` groups choose, replace and move their peers, and how often BGP sessions are
 * read (extension `selection:`). All durations in ms.
 */
export interface SelectionConfig {
  /** BGP sessions are read this often; a session reaching or leaving Established triggers a reconcile at once. Default 1 000 ms. */
  readonly sessionPollMs: number;
  /** A selected peer whose Established session went down is replaced after it stayed down this long. Default 3 000 ms. */
  readonly sessionDownHoldMs: number;
  /** A newly selected peer that has not reached Established within this long is penalised and replaced. Default 10 000 ms. */
  readonly healthWindowMs: number;
  /** First penalty of a peer that failed (doubles per consecutive failure, jittered). Default 30 000 ms. */
  readonly penaltyMs: number;
  /** Longest penalty. Default 600 000 ms. */
  readonly penaltyMaxMs: number;
  /** A balance move starts after a random delay of up to this once the target assignment differs. Default 15 000 ms. */
  readonly balanceDelayMs: number;
  /** At least about this long (jittered down by up to half) between two balance moves of one group. Default 10 000 ms. */
  readonly balanceIntervalMs: number;
  /** Share (0–1) a candidate's load may differ from the tier's mean before routers move. Default 0.1. */
  readonly balanceTolerance: number;
}

/** Debounce of discovery churn before a reconcile (extension `quiescence:`). */
export interface QuiescenceConfig {
  /** Wait at least this long after the last change. Default 500 ms. */
  readonly minMs: number;
  /** ...but never longer than this after the first pending change. Default 5 000 ms. */
  readonly maxMs: number;
}

/** How changes are committed (extension `commit:`). */
export interface CommitConfig {
  /** Commit-confirmed timeout; the device rolls back if not confirmed. Default 120 s. */
  readonly confirmTimeoutS: number;
  /** Commit log comment. Default `meshrr`. */
  readonly comment: string;
  /** How long to wait for untouched sessions to stay up before confirming. Default 5 000 ms. */
  readonly verifyMs: number;
}

/**
 * The routing daemon the agent drives (extension `platform:`, `--platform`, `MESHRR_PLATFORM`) and
 * its options (`platform:` keys but `name`, `MESHRR_<NAME>_<OPTION>`, `--platform-option`).
 */
export interface PlatformConfig {
  /** kebab-case platform name; default `junos` (meshrr's only daemon). */
  readonly name: string;
  /**
   * The options as the platform's `optionsSchema` returned them when `loadConfig` was given the
   * registered platforms' schemas; otherwise the merged options as written (not yet validated).
   */
  readonly options: unknown;
}

/**
 * A validated `meshrr.conf.yml` with environment overrides applied. Produced only by
 * `loadConfig`; every value has been checked, so consumers never re-validate.
 */
export interface MeshrrConfig {
  /** The file the configuration came from (`<embedded default>` when none). */
  readonly origin: string;
  readonly encryptedRootPw: string;
  readonly asn: AsNumber;
  readonly mode: MeshrrMode;
  readonly groups: readonly BgpGroupConfig[];
  /** meshrr `UPDATE_SECONDS`: the longest time between two discovery refreshes. Default 30. */
  readonly updateSeconds: number;
  readonly safety: SafetyConfig;
  readonly selection: SelectionConfig;
  readonly quiescence: QuiescenceConfig;
  readonly commit: CommitConfig;
  /** npm package names of third-party plugins (extension `plugins:`). */
  readonly plugins: readonly string[];
  /** The routing daemon and its options. */
  readonly platform: PlatformConfig;
  /** `router_id`: an IPv4 address, or absent for `auto` (see `loadRouterIdentity`). */
  readonly routerId?: string;
  /** `graceful_restart`: absent = not managed, `false` = managed and off. */
  readonly gracefulRestart?: GracefulRestart | false;
}
export const MeshrrConfig: ServiceIdentifier<MeshrrConfig> = Symbol.for('@meshrr/core:MeshrrConfig');
