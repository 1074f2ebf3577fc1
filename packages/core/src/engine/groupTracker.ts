import type { DiscoveredPeer } from '../api/peer.js';
import type { SourceHealth } from '../api/status.js';
import { samePeerSet } from '../discovery/peerSet.js';

/**
 * The discovery state of one mesh group: the last good set and the source's health. Pure
 * bookkeeping (time is passed in). A failure never changes the set in force.
 */
export class GroupTracker {
  readonly group: string;
  readonly sourcetype: string;
  #peers: readonly DiscoveredPeer[] = [];
  #synced = false;
  #healthy = false;
  #lastSuccessAt: number | undefined;
  #lastFailureAt: number | undefined;
  #lastError: string | undefined;
  #consecutiveFailures = 0;
  #reports = 0;
  #lastRejection: string | undefined;

  constructor(group: string, sourcetype: string) {
    this.group = group;
    this.sourcetype = sourcetype;
  }

  /** Records a complete set; returns true when the set in force changed (or first sync). */
  emitted(peers: readonly DiscoveredPeer[], now: number): boolean {
    this.#lastRejection = undefined;
    const changed = !this.#synced || !samePeerSet(this.#peers, peers);
    this.#peers = peers;
    this.#synced = true;
    this.succeeded(now);
    return changed;
  }

  /** Records a successful lookup that found no change. */
  succeeded(now: number): void {
    this.#healthy = true;
    this.#lastSuccessAt = now;
    this.#consecutiveFailures = 0;
    this.#reports += 1;
  }

  /** Records a failed lookup; the set in force stays. */
  failed(error: Error, now: number): void {
    this.#healthy = false;
    this.#lastFailureAt = now;
    this.#lastError = error.message;
    this.#consecutiveFailures += 1;
    this.#reports += 1;
  }

  /**
   * Records that a set was refused for rejected records described by `key`; true when this differs
   * from the last refusal (so it is logged once per distinct problem, not every refresh).
   */
  noteRejection(key: string): boolean {
    const fresh = key !== this.#lastRejection;
    this.#lastRejection = key;
    return fresh;
  }

  get synced(): boolean {
    return this.#synced;
  }

  get peers(): readonly DiscoveredPeer[] {
    return this.#peers;
  }

  /** Reports (emit, success or failure) received so far. */
  get reports(): number {
    return this.#reports;
  }

  health(): SourceHealth {
    return {
      group: this.group,
      sourcetype: this.sourcetype,
      healthy: this.#healthy,
      synced: this.#synced,
      consecutiveFailures: this.#consecutiveFailures,
      peers: this.#peers,
      ...(this.#lastSuccessAt === undefined ? {} : { lastSuccessAt: this.#lastSuccessAt }),
      ...(this.#lastFailureAt === undefined ? {} : { lastFailureAt: this.#lastFailureAt }),
      ...(this.#lastError === undefined ? {} : { lastError: this.#lastError }),
    };
  }
}
