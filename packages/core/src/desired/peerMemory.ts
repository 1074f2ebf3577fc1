/**
 * What the engine remembers between reconciles for hold-downs (threaded through
 * `computeDesiredState`, which stays pure).
 */
export interface PeerMemory {
  /** group → peer → first time (ms) a configured peer was seen missing from discovery. */
  readonly vanishedSince: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** peer → first time (ms) its BGP session was seen not Established. */
  readonly downSince: Readonly<Record<string, number>>;
}

/** Memory of an engine that has seen nothing yet. */
export const EMPTY_PEER_MEMORY: PeerMemory = Object.freeze({
  vanishedSince: Object.freeze({}),
  downSince: Object.freeze({}),
});
