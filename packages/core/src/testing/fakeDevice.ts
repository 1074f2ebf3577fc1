import type { Clock, TimerHandle } from '../api/ambient.js';
import { DeviceRejectedError, TransportError } from '../api/errors.js';
import type { RenderedChange } from '../api/renderer.js';
import type { BgpSessionState, ManagedChange, ManagedState } from '../api/state.js';
import type { CommitOptions } from '../api/transport.js';
import { applyManagedChange } from '../desired/applyManagedChange.js';
import { MESHRR_JSON_FORMAT } from './fakeRenderer.js';

/** Every operation of the fake device (names of {@link ConfigSession} methods plus `open`). */
export type FakeMethod = 'open' | 'readManaged' | 'bgpSessions' | 'stage' | 'commit' | 'confirm' | 'abort' | 'close';

/** One recorded call. */
export interface FakeCall {
  readonly session: number;
  readonly method: FakeMethod;
  readonly at: number;
}

/** A commit the device accepted. */
export interface FakeCommit {
  readonly session: number;
  readonly change: ManagedChange;
  readonly options: CommitOptions;
  readonly at: number;
  /** `confirmed`, `rolled-back` (timeout), `aborted` (rolled back by `abort`), or `pending`. */
  outcome: 'pending' | 'confirmed' | 'rolled-back' | 'aborted' | 'plain';
}

const EMPTY: ManagedState = { groups: [], gracefulShutdown: false };

/**
 * Like FRR (a neighbor belongs to one peer-group) and Junos (one group per neighbor), the fake
 * device refuses a candidate with an address in two groups, changing nothing.
 */
function refuseSharedNeighbors(candidate: ManagedState): void {
  const owner = new Map<string, string>();
  for (const group of candidate.groups)
    for (const peer of group.neighbors) {
      const other = owner.get(peer);
      if (other !== undefined)
        throw new DeviceRejectedError(`fake device: neighbor ${peer} is in groups ${other} and ${group.name}`, {
          deviceMessages: [`neighbor ${peer} already in group ${other}`],
        });
      owner.set(peer, group.name);
    }
}

/**
 * An in-memory router for engine tests. It holds the running {@link ManagedState}, a candidate
 * locked by one session at a time, and a confirmed-commit timer on the injected clock: a
 * confirmed commit not confirmed within `confirmTimeoutS` is rolled back (as Junos does).
 * It records every session and call, can fail any call on demand, and has settable BGP sessions
 * that can be made to flap. It understands only the `meshrr-json` format of `FakeRenderer`.
 */
export class FakeDevice {
  running: ManagedState;
  readonly calls: FakeCall[] = [];
  readonly commits: FakeCommit[] = [];
  /** Ids of every session opened, in order. */
  readonly sessionsOpened: number[] = [];
  readonly #clock: Clock;
  readonly #failures = new Map<FakeMethod, Error[]>();
  readonly #delays = new Map<FakeMethod, number[]>();
  #bgp: BgpSessionState[] = [];
  #candidate: ManagedState | undefined;
  #stagedChange: ManagedChange | undefined;
  #lockedBy: number | undefined;
  #pending: { previous: ManagedState; timer: TimerHandle; commit: FakeCommit } | undefined;
  #nextSession = 1;
  #generation = 0;

  constructor(clock: Clock, initial: ManagedState = EMPTY) {
    this.#clock = clock;
    this.running = initial;
  }

  /** The next call of `method` (any session) throws `error`; queue several by calling again. */
  failNext(method: FakeMethod, error: Error): void {
    this.#failures.set(method, [...(this.#failures.get(method) ?? []), error]);
  }

  /**
   * The next call of `method` takes `ms` on the device's clock (a slow commit, say). The device
   * finishes the work whatever the client does meanwhile, as a router does: a client that gives up
   * (its signal aborts) gets a `TransportError` (code `aborted`) at once, and the call still takes
   * effect when its time is up. The call is recorded when the device processes it.
   */
  slowNext(method: FakeMethod, ms: number): void {
    this.#delays.set(method, [...(this.#delays.get(method) ?? []), ms]);
  }

  /** Replaces the BGP sessions the device reports. */
  setBgpSessions(sessions: readonly BgpSessionState[]): void {
    this.#bgp = [...sessions];
  }

  /** Reports every configured neighbor as Established (1 connection) unless it already has a session. */
  establishConfigured(): void {
    for (const group of this.running.groups) {
      for (const peer of group.neighbors) {
        if (!this.#bgp.some((s) => s.peer === peer))
          this.#bgp.push({
            peer,
            group: group.name,
            state: 'Established',
            connectionsEstablished: 1,
            establishedForMs: 0,
          });
      }
    }
  }

  /** The session to `peer` went down and came back: `connectionsEstablished` + 1. */
  flap(peer: string): void {
    this.#bgp = this.#bgp.map((s) =>
      s.peer === peer
        ? {
            ...s,
            state: 'Established',
            connectionsEstablished: (s.connectionsEstablished ?? 0) + 1,
            establishedForMs: 0,
          }
        : s,
    );
  }

  get bgpSessions(): readonly BgpSessionState[] {
    return this.#bgp;
  }

  /** Is a confirmed commit waiting for its confirm? */
  get pendingConfirm(): boolean {
    return this.#pending !== undefined;
  }

  /** The connection breaks: every open session fails with `TransportError` from now on. */
  dropConnections(): void {
    this.#generation += 1;
    this.#releaseLock();
  }

  /** Calls of `method`, in order. */
  callsOf(method: FakeMethod): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** @internal Opens a session (or throws an injected `open` failure, recorded as session 0). */
  open(): { id: number; generation: number } {
    const failure = this.takeFailure('open');
    if (failure !== undefined) {
      this.#record(0, 'open');
      throw failure;
    }
    const id = this.#nextSession++;
    this.#record(id, 'open');
    this.sessionsOpened.push(id);
    return { id, generation: this.#generation };
  }

  /** @internal Runs one session call with recording, failure injection and liveness checks. */
  call<T>(session: { id: number; generation: number; closed: boolean }, method: FakeMethod, fn: () => T): T {
    this.#record(session.id, method);
    if (session.closed && method !== 'close') throw new TransportError(`fake session ${session.id} is closed`);
    if (session.generation !== this.#generation && method !== 'close')
      throw new TransportError('fake device: connection lost', { code: 'connection-lost' });
    return fn();
  }

  /** @internal */
  stage(session: number, change: RenderedChange): string {
    if (change.format !== MESHRR_JSON_FORMAT)
      throw new DeviceRejectedError(`fake device: unknown format ${change.format}`, {
        deviceMessages: [`unknown format ${change.format}`],
      });
    if (this.#lockedBy !== undefined && this.#lockedBy !== session)
      throw new TransportError(`fake device: candidate locked by session ${this.#lockedBy}`, { code: 'locked' });
    this.#lockedBy = session;
    const parsed = JSON.parse(change.body) as { change: ManagedChange; desired: ManagedState };
    const candidate = applyManagedChange(this.running, parsed.change, parsed.desired);
    refuseSharedNeighbors(candidate);
    this.#stagedChange = parsed.change;
    this.#candidate = candidate;
    const before = JSON.stringify(this.running);
    const after = JSON.stringify(this.#candidate);
    return before === after ? '' : `- ${before}\n+ ${after}\n`;
  }

  /** @internal */
  commit(session: number, options: CommitOptions): void {
    if (this.#lockedBy !== session || this.#candidate === undefined || this.#stagedChange === undefined)
      throw new DeviceRejectedError('fake device: nothing staged by this session', {
        deviceMessages: ['nothing staged'],
      });
    const commit: FakeCommit = {
      session,
      change: this.#stagedChange,
      options,
      at: this.#clock.now(),
      outcome: options.confirmTimeoutS === undefined ? 'plain' : 'pending',
    };
    this.commits.push(commit);
    const previous = this.running;
    this.running = this.#candidate;
    this.#candidate = undefined;
    this.#stagedChange = undefined;
    if (options.confirmTimeoutS === undefined) return;
    const timer = this.#clock.setTimer(options.confirmTimeoutS * 1000, () => this.#rollback('rolled-back'));
    this.#pending = { previous, timer, commit };
  }

  /** @internal */
  confirm(session: number): void {
    if (this.#lockedBy !== session)
      throw new DeviceRejectedError('fake device: confirm without a change of this session', {
        deviceMessages: ['nothing to confirm'],
      });
    if (this.#pending !== undefined) {
      this.#pending.timer.cancel();
      this.#pending.commit.outcome = 'confirmed';
      this.#pending = undefined;
    }
    this.#releaseLock();
  }

  /** @internal */
  abort(session: number): void {
    if (this.#lockedBy !== undefined && this.#lockedBy !== session) return;
    if (this.#pending !== undefined) this.#rollback('aborted');
    this.#releaseLock();
  }

  /** @internal Takes the next injected failure of `method`, if any. */
  takeFailure(method: FakeMethod): Error | undefined {
    const queue = this.#failures.get(method);
    const error = queue?.shift();
    if (queue?.length === 0) this.#failures.delete(method);
    return error;
  }

  /** @internal Takes the next injected delay of `method`, if any. */
  takeDelay(method: FakeMethod): number | undefined {
    const queue = this.#delays.get(method);
    const ms = queue?.shift();
    if (queue?.length === 0) this.#delays.delete(method);
    return ms;
  }

  /** @internal Resolves after `ms` on the device's clock. */
  wait(ms: number): Promise<void> {
    return this.#clock.sleep(ms);
  }

  #rollback(outcome: 'rolled-back' | 'aborted'): void {
    const pending = this.#pending;
    if (pending === undefined) return;
    pending.timer.cancel();
    pending.commit.outcome = outcome;
    this.running = pending.previous;
    this.#pending = undefined;
  }

  #releaseLock(): void {
    this.#lockedBy = undefined;
    this.#candidate = undefined;
    this.#stagedChange = undefined;
  }

  #record(session: number, method: FakeMethod): void {
    this.calls.push({ session, method, at: this.#clock.now() });
  }
}
