import type { ServiceIdentifier } from 'inversify';
import type { RenderedChange } from './renderer.js';
import type { BgpSessionState, ManagedState } from './state.js';

/** Options of one commit. */
export interface CommitOptions {
  /** Commit confirmed: the device rolls back unless `confirm` follows within this many seconds. */
  readonly confirmTimeoutS?: number;
  /** Commit log comment. */
  readonly comment: string;
}

/** The device's view of a staged change. */
export interface StagedChange {
  /** The device's own diff of candidate against running; empty when nothing would change. */
  readonly deviceDiff: string;
}

/**
 * One management session to the router (NAPALM vocabulary, kept narrow). Faults of the channel
 * throw `TransportError` (retryable); refusals of the device throw `DeviceRejectedError`
 * (terminal). The session is `AsyncDisposable`; disposing an unfinished change aborts it.
 *
 * The change protocol is `stage` → `commit` → (verify) → `confirm`, or `abort` at any point.
 * Between `stage` and `confirm`/`abort` the session holds an exclusive lock on the candidate,
 * so the device never sees half a change.
 */
export interface ConfigSession extends AsyncDisposable {
  /** Reads what meshrr manages on the device now (the device is the state store). */
  readManaged(signal: AbortSignal): Promise<ManagedState>;
  /** BGP sessions as the device reports them now. */
  bgpSessions(signal: AbortSignal): Promise<readonly BgpSessionState[]>;
  /** Locks the candidate exclusively and loads the change into it. */
  stage(change: RenderedChange, signal: AbortSignal): Promise<StagedChange>;
  /** Commits the staged change (confirmed when `confirmTimeoutS` is given). */
  commit(options: CommitOptions, signal: AbortSignal): Promise<void>;
  /** Confirms a confirmed commit and releases the lock. */
  confirm(signal: AbortSignal): Promise<void>;
  /**
   * Discards the candidate, cancels a pending confirmed commit where the platform can (otherwise
   * its timeout rolls it back), and releases the lock. Safe to call in any state.
   */
  abort(signal: AbortSignal): Promise<void>;
  /** Ends the session. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens management sessions to the router this agent runs beside. Configured by its own module
 * (address, credentials, host key); the engine knows nothing of them.
 */
export interface Transport {
  readonly platform: string;
  /** Opens (or reuses a persistent) session. Throws `TransportError` when the device is unreachable. */
  open(signal: AbortSignal): Promise<ConfigSession>;
}
export const Transport: ServiceIdentifier<Transport> = Symbol.for('@meshrr/core:Transport');
