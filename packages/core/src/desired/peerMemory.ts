/** What the engine last saw of the BGP session of one configured peer. */
export interface SessionMemory {
  /** Established when last seen. */
  readonly up: boolean;
  /** First time (ms) it was seen in its current condition (up or not), without a break since. */
  readonly since: number;
  /**
   * Seen Established at least once while configured. A peer that never was is still being set up
   * (the health window applies); one that was and went down is a failure (the session-down hold
   * applies).
   */
  readonly seenUp: boolean;
}

/** A peer address that failed: not chosen again until `until`. */
export interface Penalty {
  /** Consecutive failures (the penalty doubles with each, capped). */
  readonly failures: number;
  /** When (ms) the latest failure was recorded. */
  readonly at: number;
  /** When (ms) the address may be chosen again. */
  readonly until: number;
}

/**
 * What the engine remembers between reconciles (threaded through `computeDesiredState`, which
 * stays pure): vanish times, session conditions, penalties and the pacing of balance moves.
 */
export interface PeerMemory {
  /** group → peer → first time (ms) a configured peer was seen missing from discovery. */
  readonly vanishedSince: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** peer → its session as last seen, for peers configured in any group. */
  readonly sessions: Readonly<Record<string, SessionMemory>>;
  /** peer address → its penalty (kept while it runs, or while the address is still around). */
  readonly penalties: Readonly<Record<string, Penalty>>;
  /** `max_peers` group → earliest time (ms) its next balance move may start. */
  readonly balanceDueAt: Readonly<Record<string, number>>;
}

/** Memory of an engine that has seen nothing yet. */
export const EMPTY_PEER_MEMORY: PeerMemory = Object.freeze({
  vanishedSince: Object.freeze({}),
  sessions: Object.freeze({}),
  penalties: Object.freeze({}),
  balanceDueAt: Object.freeze({}),
});
