import type { AsNumber, AsRange, MeshrrMode } from './config.js';

/**
 * The part of one BGP group that meshrr owns on the device (Junos: `groups MESHRR protocols bgp
 * group <name>`). All lists are canonical text and sorted (IPv4 before IPv6, by address).
 */
export interface ManagedGroup {
  readonly name: string;
  readonly neighbors: readonly string[];
  /** Dynamic-neighbor ranges (`allow` / `bgp listen range`). */
  readonly allow: readonly string[];
  /** Accepted peer AS ranges (route-server groups); empty otherwise. */
  readonly peerAsRanges: readonly AsRange[];
}

/** Everything meshrr owns on one device. Groups sorted by name. */
export interface ManagedState {
  readonly groups: readonly ManagedGroup[];
  /** RFC 8326 graceful shutdown in force (set while the agent drains before stopping). */
  readonly gracefulShutdown: boolean;
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

/** One group of the desired configuration, with the facts a renderer needs. */
export interface DesiredGroup extends ManagedGroup {
  readonly kind: 'mesh' | 'subtractive';
  /** iBGP for meshes and route reflection, eBGP for route-server groups. */
  readonly peerType: 'internal' | 'external';
}

/** The platform-neutral configuration one router should have. Pure data, deterministic. */
export interface DesiredRouterConfig {
  readonly routerId: string;
  readonly asn: AsNumber;
  readonly mode: MeshrrMode;
  readonly groups: readonly DesiredGroup[];
  readonly gracefulShutdown: boolean;
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
}

/** The minimal change from the device's managed state to the desired state. */
export interface ManagedChange {
  readonly groups: readonly GroupChange[];
  /** Present when graceful shutdown must be switched. */
  readonly gracefulShutdown?: boolean;
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
