import type {
  AddressFamily,
  BfdOptions,
  FamilyTransport,
  GracefulRestart,
  PrefixLimit,
  SessionAuthentication,
  SessionTimers,
  TcpAoAlgorithm,
} from './bgp.js';
import type { AsNumber, AsRange, MeshrrMode } from './config.js';
import type { Secret } from './secret.js';

/**
 * A statement of a group that meshrr renders besides neighbors, `allow` and the route-server AS
 * ranges (which it always owns). What each means on a daemon is in the renderers' READMEs.
 */
export type GroupStatementKind =
  'type' | 'cluster' | 'multihop' | 'transparent' | 'families' | 'authentication' | 'timers' | 'bfd' | 'prefix-limit';

/** Every {@link GroupStatementKind}, in the order changes are rendered and reported. */
export const GROUP_STATEMENT_KINDS: readonly GroupStatementKind[] = [
  'type',
  'cluster',
  'multihop',
  'transparent',
  'families',
  'authentication',
  'timers',
  'bfd',
  'prefix-limit',
];

/** The {@link ManagedGroup} field that holds each {@link GroupStatementKind}'s value. */
export const STATEMENT_FIELDS: Readonly<Record<GroupStatementKind, keyof ManagedGroup>> = {
  type: 'peerType',
  cluster: 'clusterId',
  multihop: 'multihop',
  transparent: 'transparent',
  families: 'families',
  authentication: 'authentication',
  timers: 'timers',
  bfd: 'bfd',
  'prefix-limit': 'prefixLimit',
};

/** A statement of the router (outside any group) that meshrr renders. */
export type RouterStatementKind = 'graceful-restart';

/** Every {@link RouterStatementKind}. */
export const ROUTER_STATEMENT_KINDS: readonly RouterStatementKind[] = ['graceful-restart'];

/** A group or router statement kind. */
export type StatementKind = GroupStatementKind | RouterStatementKind;

/** Every {@link StatementKind}: what a transport that reads every managed statement reports. */
export const STATEMENT_KINDS: readonly StatementKind[] = [...GROUP_STATEMENT_KINDS, ...ROUTER_STATEMENT_KINDS];

/** eBGP multihop of a route-server group (Junos `multihop { ttl; no-nexthop-change; }`). */
export interface Multihop {
  readonly ttl: number;
  /** Pass the next hop on unchanged (Junos `no-nexthop-change`, FRR `attribute-unchanged next-hop`). */
  readonly nextHopUnchanged: boolean;
}

/**
 * Session authentication as a device reports it. `key` is absent when the device holds it in a
 * form meshrr cannot read back (e.g. Junos `$8$`, encrypted with the device's master password):
 * such a key is never compared, so it is never rewritten by drift repair.
 */
export type DeviceAuthentication =
  | { readonly method: 'md5'; readonly key?: Secret }
  | {
      readonly method: 'tcp-ao';
      readonly key?: Secret;
      readonly sendId: number;
      readonly recvId: number;
      readonly algorithm: TcpAoAlgorithm;
    };

/**
 * The part of one BGP group that meshrr owns on the device (Junos: `groups MESHRR protocols bgp
 * group <name>`). All lists are canonical text and sorted (IPv4 before IPv6, by address).
 *
 * The optional statement fields hold what the device has (absent = the device has no such
 * statement in the group); in a {@link DesiredGroup} they hold what the configuration wants.
 */
export interface ManagedGroup {
  readonly name: string;
  readonly neighbors: readonly string[];
  /** Dynamic-neighbor ranges (`allow` / `bgp listen range`). */
  readonly allow: readonly string[];
  /** Accepted peer AS ranges (route-server groups); empty otherwise. */
  readonly peerAsRanges: readonly AsRange[];
  /** iBGP (`internal`) or eBGP (`external`). */
  readonly peerType?: 'internal' | 'external';
  /** Route-reflector cluster id (IPv4 dotted quad): the group's peers are clients of this router. */
  readonly clusterId?: string;
  readonly multihop?: Multihop;
  /** RFC 7947 transparent route server: own AS not prepended, next hop and MED kept. */
  readonly transparent?: boolean;
  /** Group-level address families, sorted as {@link ADDRESS_FAMILIES} (absent: none, inherited). */
  readonly families?: readonly AddressFamily[];
  /**
   * Neighbors whose families differ from the group's (family transport `matching`): address →
   * families carried by that neighbor. Only neighbors with their own list are present.
   */
  readonly neighborFamilies?: Readonly<Record<string, readonly AddressFamily[]>>;
  readonly authentication?: DeviceAuthentication;
  readonly timers?: SessionTimers;
  readonly bfd?: BfdOptions;
  readonly prefixLimit?: PrefixLimit;
  /**
   * Statements present but deactivated on the device (Junos `inactive:`), each named by its kind
   * first (`group`, `neighbor 10.0.0.1`, `allow 10.0.0.0/8`, `cluster`, `families ipv6-unicast`,
   * `peer-as-list`, `as-list`, `prefix-limit ipv4-unicast`, …); the words after the kind are the
   * transport's and renderer's detail. Their values are reported in the fields above as if active.
   */
  readonly inactive?: readonly string[];
}

/** Everything meshrr owns on one device. Groups sorted by name. */
export interface ManagedState {
  readonly groups: readonly ManagedGroup[];
  /** RFC 8326 graceful shutdown in force (set while the agent drains before stopping). */
  readonly gracefulShutdown: boolean;
  /** Graceful restart of the router, when the device has it (in meshrr's part). */
  readonly gracefulRestart?: GracefulRestart;
  /** Router-level statements deactivated on the device (`graceful-shutdown`, `graceful-restart`). */
  readonly inactive?: readonly string[];
  /**
   * True when meshrr owns its groups whole on this device (FRR: the managed file is authoritative,
   * so every statement of a managed peer-group is meshrr's and is compared). False or absent when
   * it shares them with a template (Junos `groups MESHRR`): then a statement the configuration
   * does not set is left as the template wrote it.
   */
  readonly wholeGroups?: boolean;
  /**
   * The statement kinds (group and router level) the transport reads back from this device; only
   * these are compared. Absent = none: a platform that reports neighbors, allow entries, AS ranges
   * and graceful shutdown only (the first platform contract) never sees its other statements as
   * drift. The built-in transports read {@link STATEMENT_KINDS}.
   */
  readonly statementsRead?: readonly StatementKind[];
}

/** Why a peer is (or is not) in the desired state; one log line per decision. */
export interface PeerDecision {
  readonly group: string;
  readonly peer: string;
  /** `skip`: wanted here but configured in another group (an address is in one group only). */
  readonly action: 'add' | 'remove' | 'keep' | 'hold' | 'skip';
  /** Short machine-readable reason, e.g. `discovered`, `vanished`, `removal-cap`, `in-group:<name>`. */
  readonly reason: string;
}

/**
 * One group of the desired configuration, with the facts a renderer needs. Every statement field
 * holds the value the configuration wants (absent = the statement must not exist, for the kinds
 * in `owned`). A renderer creating the group writes every statement present here; on an existing
 * group only the kinds listed in a {@link GroupChange} change.
 */
export interface DesiredGroup extends ManagedGroup {
  readonly kind: 'mesh' | 'subtractive';
  /** iBGP for meshes and route reflection, eBGP for route-server groups. */
  readonly peerType: 'internal' | 'external';
  /**
   * The families the group's sessions carry: the configured ones, else the mode's default
   * (`ipv4-unicast` for ipv4rr, `l2vpn-evpn` for evpnrs). Never empty.
   */
  readonly families: readonly AddressFamily[];
  readonly familyTransport: FamilyTransport;
  readonly authentication?: SessionAuthentication;
  /**
   * The statement kinds meshrr owns in this group on a device it shares with a template: the ones
   * every group of this kind needs (`type`; `cluster` for reflector-client groups; `multihop` for
   * route servers) and the ones the configuration sets. On a device where meshrr owns its groups
   * whole ({@link ManagedState.wholeGroups}) every kind is owned.
   */
  readonly owned: readonly GroupStatementKind[];
}

/** The platform-neutral configuration one router should have. Pure data, deterministic. */
export interface DesiredRouterConfig {
  readonly routerId: string;
  readonly asn: AsNumber;
  readonly mode: MeshrrMode;
  readonly groups: readonly DesiredGroup[];
  readonly gracefulShutdown: boolean;
  /** Graceful restart the router should have (absent: none, when owned). */
  readonly gracefulRestart?: GracefulRestart;
  /** Router-level statement kinds meshrr owns on a shared device (see {@link DesiredGroup.owned}). */
  readonly owned?: readonly RouterStatementKind[];
  /** Every peer-level decision taken to reach this state, held changes included. */
  readonly decisions: readonly PeerDecision[];
}

/** The minimal change of one group. Lists are sorted; a group absent from the change is untouched. */
export interface GroupChange {
  readonly name: string;
  /** The group does not exist on the device yet. */
  readonly create: boolean;
  /** The group exists on the device but not in the desired state: remove it whole. */
  readonly remove: boolean;
  readonly addNeighbors: readonly string[];
  readonly removeNeighbors: readonly string[];
  readonly addAllow: readonly string[];
  readonly removeAllow: readonly string[];
  /** Present when the peer AS ranges differ: the complete new list. */
  readonly peerAsRanges?: readonly AsRange[];
  /**
   * Statement kinds to bring from the device's value to the desired one (set, replace or
   * delete; the renderer reads both values from the render input). Absent on a created group:
   * a renderer creating a group writes every statement of the desired group.
   */
  readonly statements?: readonly GroupStatementKind[];
  /** Kept neighbors whose own family list must change (family transport `matching`). */
  readonly neighborFamilies?: readonly string[];
  /** Deactivated statements to re-activate ({@link ManagedGroup.inactive} names). */
  readonly activate?: readonly string[];
}

/** The minimal change from the device's managed state to the desired state. */
export interface ManagedChange {
  readonly groups: readonly GroupChange[];
  /** Present when graceful shutdown must be switched. */
  readonly gracefulShutdown?: boolean;
  /** Router-level statement kinds to bring to the desired value. */
  readonly statements?: readonly RouterStatementKind[];
  /** Router-level deactivated statements to re-activate ({@link ManagedState.inactive} names). */
  readonly activate?: readonly string[];
}

/**
 * One statement a change brings back to what the configuration says (drift repair): the device
 * has another value, lacks it, has one it must not, or has it deactivated. Values are described
 * for people (`10.0.0.1`, `ipv4-unicast ipv6-unicast`, `md5 [secret]`); secrets never show.
 */
export interface StatementRepair {
  /** The group, absent for router-level statements. */
  readonly group?: string;
  /** The statement kind (`cluster`, `families`, `neighbor`, `graceful-restart`, …). */
  readonly statement: string;
  readonly action: 'set' | 'delete' | 'activate';
  /** What the device has now (absent when it has none). */
  readonly from?: string;
  /** What the configuration wants (absent for a delete). */
  readonly to?: string;
}

/** BGP finite-state-machine states (RFC 4271 §8.2.2), plus `Unknown` for unparsed answers. */
export type BgpState = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established' | 'Unknown';

/** One BGP session as the device reports it. */
export interface BgpSessionState {
  readonly peer: string;
  readonly state: BgpState;
  /** Group (Junos group / FRR peer-group) the session belongs to, when reported. */
  readonly group?: string;
  /** How long the session has been in its current Established state, when Established. */
  readonly establishedForMs?: number;
  /**
   * How long ago the session left Established, when it is not Established, was Established
   * before, and the device says (FRR: the time since its last reset). The session-down hold counts
   * from then rather than from the reconcile that first saw the drop.
   */
  readonly downForMs?: number;
  /** Times the session has reached Established (a flap counter for "untouched" checks). */
  readonly connectionsEstablished?: number;
  /** Accepted through a dynamic range (`allow` / listen range) rather than configured. */
  readonly dynamic?: boolean;
  readonly remoteAs?: number;
  /** Why the session last left Established, in the device's words (e.g. FRR `Peer closed the session`). */
  readonly lastResetReason?: string;
  /**
   * True when the device says the last reset came from the other side or the path to it (the peer
   * closed the session or sent a NOTIFICATION, the hold timer expired, the socket failed), false
   * when it was local (a configuration change, an administrative reset); absent when unknown.
   * A change cannot have caused a peer-side reset of a session it did not touch.
   */
  readonly resetByPeer?: boolean;
  /** UPDATE messages sent on this session so far (counter), when reported. */
  readonly updatesSent?: number;
  /** Messages waiting in the output queue, when reported (0 = everything sent). */
  readonly outQueueDepth?: number;
  /** Prefixes advertised to the peer (all address families), when reported. */
  readonly prefixesSent?: number;
}
