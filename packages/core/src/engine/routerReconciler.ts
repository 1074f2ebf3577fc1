import { inject, injectable, optional } from 'inversify';
import { Clock, Logger, Metrics } from '../api/ambient.js';
import { MeshrrConfig } from '../api/config.js';
import { DeviceRejectedError, MeshrrError, TerminalError, TransportError } from '../api/errors.js';
import { Backoff, type BackoffPolicy } from '../retry/backoff.js';
import { RouterIdentity } from '../api/peer.js';
import type { ReconcileRequest, ReconcileResult, Reconciler } from '../api/reconciler.js';
import { Renderer } from '../api/renderer.js';
import type { ManagedChange, ManagedState, PeerDecision } from '../api/state.js';
import { SafetyStateStore } from '../api/safetyState.js';
import type { ReconcileOutcome } from '../api/status.js';
import { Transport, type ConfigSession } from '../api/transport.js';
import {
  canonicalUnicast,
  DesiredStateMemo,
  EMPTY_PEER_MEMORY,
  isEmptyChange,
  toManagedState,
  type PeerMemory,
} from '../desired/index.js';
import { logDecisions } from './decisionLog.js';
import { DiscoveryManager } from './discoveryManager.js';
import { EngineOptions } from './engineOptions.js';
import { guardRemovals } from './guards.js';
import { withoutSwapRemovals } from './maxPeersSwaps.js';
import { decodeSafetyState, encodeSafetyState } from './ledgerState.js';
import {
  budgetFreesAt,
  confirmPendingRemovals,
  EMPTY_REMOVAL_LEDGER,
  exhaustedLedger,
  observeSizes,
  recordRemovals,
  settlePendingRemovals,
  type RemovalLedger,
} from './removalLedger.js';
import { ConfirmDeadlineError, startConfirmDeadline, type ConfirmDeadline } from './confirmDeadline.js';
import type { ReconcileReport } from './reconcileReport.js';
import {
  publishPeerGauges,
  publishSessionGauges,
  reconcilerMetrics,
  type CommitResultLabel,
  type ReconcilerMetrics,
} from './reconcilerMetrics.js';
import { SessionHolder } from './sessionHolder.js';
import { StatusStore } from './statusStore.js';
import { formatFinding, verifySessions, type SessionFinding } from './verifySessions.js';

/** Sessions that were up and were not meant to be touched changed during verify; rolled back. */
export class VerifyFailedError extends MeshrrError {
  /** The sessions that caused the rollback. */
  readonly findings: readonly SessionFinding[];
  /** The same, one formatted line each (`session <peer> (group G) <what>`). */
  readonly problems: readonly string[];

  constructor(findings: readonly SessionFinding[]) {
    const problems = findings.map(formatFinding);
    super(
      'verify-failed',
      `change rolled back: sessions it did not intend to touch were disturbed: ${problems.join('; ')}`,
    );
    this.findings = findings;
    this.problems = problems;
  }
}

/**
 * Defence in depth: refuses a change that still removes a peer the guards held (for example a
 * whole group dropped from the configuration, which the desired state cannot keep). Nothing is
 * committed; the operator sees the terminal error and may set `safety.allowLargeRemovals`.
 */
function assertHoldsKept(change: ManagedChange, held: readonly PeerDecision[]): void {
  const removed = new Set(change.groups.flatMap((g) => g.removeNeighbors.map((peer) => `${g.name}|${peer}`)));
  const violated = held.filter((d) => removed.has(`${d.group}|${d.peer}`));
  if (violated.length === 0) return;
  const list = violated.map((d) => `${d.peer} (group ${d.group}, ${d.reason})`).join(', ');
  throw new TerminalError(
    `safety guards hold the removal of ${list}, but the desired state still removes them; nothing was committed (set safety.allowLargeRemovals to proceed)`,
    { code: 'guard-violation' },
  );
}

/** Retry of a change the device rejected: 5 s, doubling, at most 5 min, jittered (core's Backoff). */
export const REJECTION_BACKOFF: BackoffPolicy = { initialMs: 5_000, maxMs: 300_000 };

/**
 * Does the device's `path` of a rejection name none of meshrr's groups — those of the
 * configuration and those meshrr still has on the device (a renamed group being retired) — so the
 * cause lies elsewhere?
 */
function outsideManagedGroups(path: string | undefined, config: MeshrrConfig, onDevice: readonly string[]): boolean {
  if (path === undefined || path.trim() === '') return false;
  const words = new Set(path.split(/[\s[\]{}/'"]+/u));
  return !config.groups.some((group) => words.has(group.name)) && !onDevice.some((name) => words.has(name));
}

/**
 * The removals of a change could not be saved to the safety state before the commit, so the change
 * was not committed (a restarted agent would not know of them and could exceed the removal
 * budget). Retried like any transient failure. Code `safety-state-save`.
 */
export class SafetyStateSaveError extends MeshrrError {
  constructor(location: string, options: { cause: unknown }) {
    super(
      'safety-state-save',
      `cannot save the removal ledger to ${location} before committing a removal; nothing was committed (check that the state directory is writable)`,
      options,
    );
  }
}

/** The `result` label of `meshrr_commits_total` for a change that failed with `error`. */
function commitResult(error: unknown): CommitResultLabel {
  if (error instanceof ConfirmDeadlineError) return 'expired';
  if (error instanceof TerminalError) return 'rejected';
  return error instanceof VerifyFailedError ? 'rolled_back' : 'failed';
}

/** The earlier of two optional times. */
function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/** Shortest requeue delay, so a deadline in the past never makes a hot loop. */
const MIN_REQUEUE_MS = 100;

/**
 * The level-triggered reconciler of the router (one key: the router id). Each pass: read the
 * device's managed state and BGP sessions over a persistent session → compute the desired state
 * (pass 1) → safety guards → pass 2 with the holds → status → nothing to change ⇒ done; otherwise
 * render → (plan mode: stop) → stage (device sees no difference ⇒ abort, done) → commit confirmed
 * → verify that untouched sessions stayed up (else abort = roll back, throw
 * {@link VerifyFailedError}) → confirm. A `TransportError` drops the session (retried with
 * backoff); a `DeviceRejectedError` (a `TerminalError`) is rethrown by `run` after aborting the
 * change, and `reconcile` retries it after {@link REJECTION_BACKOFF} (issue 11 item 2).
 * Peer memory (vanish and session-down times) is kept between passes. The removal ledger is saved
 * to the bound {@link SafetyStateStore} (if any) before every commit that removes a neighbor and
 * restored before the first pass, so a restarted agent grants itself no fresh removal budget.
 */
@injectable()
export class RouterReconciler implements Reconciler {
  readonly #config: MeshrrConfig;
  readonly #identity: RouterIdentity;
  readonly #renderer: Renderer;
  readonly #discovery: DiscoveryManager;
  readonly #status: StatusStore;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #options: EngineOptions;
  readonly #metrics: ReconcilerMetrics;
  readonly #session: SessionHolder;
  #memory: PeerMemory = EMPTY_PEER_MEMORY;
  /** Passes whose inputs did not change are answered from here instead of recomputed. */
  readonly #desired = new DesiredStateMemo();
  #gracefulShutdown = false;
  #firstPassAt: number | undefined;
  #held = new Set<string>();
  /** Removals confirmed and group sizes seen inside the removal window (the removal budget). */
  #ledger: RemovalLedger = EMPTY_REMOVAL_LEDGER;
  /** Where the ledger outlives the process (absent: memory only). */
  readonly #store: SafetyStateStore | undefined;
  /** The saved ledger was read (or taken over from a reconciler this one replaces). */
  #ledgerRestored = false;
  readonly #rejections: Backoff;
  /** The configured sessions last seen Established (by a pass or a poll). */
  #established: ReadonlySet<string> | undefined;
  /** Configured sessions seen leaving Established, and when they were first seen down (by a pass or a poll). */
  readonly #downSeenAt = new Map<string, number>();

  constructor(
    @inject(MeshrrConfig) config: MeshrrConfig,
    @inject(RouterIdentity) identity: RouterIdentity,
    @inject(Transport) transport: Transport,
    @inject(Renderer) renderer: Renderer,
    @inject(DiscoveryManager) discovery: DiscoveryManager,
    @inject(StatusStore) status: StatusStore,
    @inject(Clock) clock: Clock,
    @inject(Logger) logger: Logger,
    @inject(Metrics) metrics: Metrics,
    @inject(EngineOptions) options: EngineOptions,
    @inject(SafetyStateStore) @optional() store?: SafetyStateStore,
  ) {
    this.#store = store;
    this.#config = config;
    this.#identity = identity;
    this.#renderer = renderer;
    this.#discovery = discovery;
    this.#status = status;
    this.#clock = clock;
    this.#logger = logger.child({ component: 'reconciler', routerId: identity.routerId });
    this.#options = options;
    this.#metrics = reconcilerMetrics(metrics, config);
    this.#session = new SessionHolder(transport, this.#logger);
    this.#rejections = new Backoff(REJECTION_BACKOFF, () => clock.random());
  }

  /** Peer memory carried between passes (for status and tests). */
  get memory(): PeerMemory {
    return this.#memory;
  }

  /**
   * Takes over what `previous` (a reconciler this one replaces: the agent's live configuration
   * reload) remembers: peer memory (vanish hold-downs, session-down times, penalties), the removal
   * ledger (the removal budget's window), the held removals and the sessions seen up or down, so a
   * reload neither shortens a hold nor grants a fresh removal budget. Call before the first pass.
   */
  continueFrom(previous: RouterReconciler): void {
    this.#memory = previous.#memory;
    this.#ledger = previous.#ledger;
    this.#ledgerRestored = true;
    this.#held = previous.#held;
    this.#established = previous.#established;
    for (const [peer, at] of previous.#downSeenAt) this.#downSeenAt.set(peer, at);
  }

  /** Switches RFC 8326 graceful shutdown on (drain) or off for the following passes. */
  setGracefulShutdown(on: boolean): void {
    this.#gracefulShutdown = on;
  }

  async reconcile(request: ReconcileRequest, signal: AbortSignal): Promise<ReconcileResult> {
    if (request.key !== this.#identity.routerId) {
      this.#logger.warn({ key: request.key }, 'ignoring a reconcile request for another router');
      return {};
    }
    try {
      const report = await this.run(signal, { plan: this.#options.mode === 'plan' });
      this.#rejections.reset();
      this.#metrics.rejectedBackoff.set({}, 0);
      return { requeueAfterMs: report.requeueAfterMs };
    } catch (error) {
      if (!(error instanceof DeviceRejectedError)) throw error;
      return { requeueAfterMs: this.#retryRejected(error) };
    }
  }

  /**
   * A rejected change is retried (each pass re-reads the device) after a capped, jittered backoff
   * ({@link REJECTION_BACKOFF}), never parked until discovery changes. The rejection stays in
   * status (so `/readyz` names it), in `meshrr_commits_total{result="rejected"}`,
   * `meshrr_rejected_change_retries_total` and `meshrr_rejected_change_backoff_seconds`; when the device
   * blames configuration outside meshrr's groups the message says so, for the operator to fix.
   */
  #retryRejected(error: DeviceRejectedError): number {
    const retryInMs = this.#rejections.fail();
    this.#metrics.rejectedRetries.inc({});
    this.#metrics.rejectedBackoff.set({}, retryInMs / 1000);
    const onDevice = (this.#status.current().applied?.groups ?? []).map((g) => g.name);
    const outside = outsideManagedGroups(error.devicePath, this.#config, onDevice);
    const message = `${error.message}${outside ? ` (the device blames ${JSON.stringify(error.devicePath)}, outside meshrr's groups: fix it on the device)` : ''}; retry ${this.#rejections.failures} in ${Math.round(retryInMs / 1000)} s`;
    const last = this.#status.current().lastOutcome;
    if (last !== undefined) this.#status.update({ lastOutcome: { ...last, error: message } });
    this.#logger.error(
      {
        err: error,
        deviceMessages: error.deviceMessages,
        devicePath: error.devicePath,
        outsideManagedGroups: outside,
        consecutive: this.#rejections.failures,
        retryInMs,
      },
      'device rejected the change; the device is re-read and the change retried with backoff',
    );
    return retryInMs;
  }

  /** One pass; `plan` stops before touching the device. Status is updated either way. */
  async run(signal: AbortSignal, options: { plan: boolean }): Promise<ReconcileReport> {
    const started = this.#clock.now();
    try {
      const report = await this.#session.use(signal, (session) => this.#pass(session, signal, options.plan));
      this.#finish(started, report.outcome);
      return report;
    } catch (error) {
      const err = error instanceof Error ? error : new MeshrrError('reconcile-failed', String(error), { cause: error });
      this.#finish(started, err instanceof TerminalError ? 'terminal' : 'failed', err);
      throw err;
    }
  }

  /** The BGP sessions as the device reports them now (over the persistent session). */
  readSessions(signal: AbortSignal): Promise<ReconcileReport['sessions']> {
    return this.#session.use(signal, (session) => session.bgpSessions(signal));
  }

  /**
   * Reads the BGP sessions now and publishes them (status and the session gauges), so readiness
   * and metrics follow sessions between reconciles. Resolves true when the set of configured
   * (non-dynamic) sessions in Established differs from the last one seen by a pass or a refresh:
   * a session came up or went down, which the engine treats as an input change.
   */
  async refreshSessions(signal: AbortSignal): Promise<boolean> {
    const sessions = await this.readSessions(signal);
    this.#status.update({ sessions });
    publishSessionGauges(this.#metrics, sessions, this.#config);
    return this.#noteSessions(sessions);
  }

  /**
   * Records which configured sessions are Established, and when a session that was Established is
   * first seen down; true when the Established set changed since the last record.
   */
  #noteSessions(sessions: ReconcileReport['sessions']): boolean {
    const now = this.#clock.now();
    const established = new Set<string>();
    for (const s of sessions) if (s.dynamic !== true && s.state === 'Established') established.add(s.peer);
    const before = this.#established;
    this.#established = established;
    const reported = new Set(sessions.map((s) => s.peer));
    for (const peer of this.#downSeenAt.keys())
      if (established.has(peer) || !reported.has(peer)) this.#downSeenAt.delete(peer);
    for (const peer of before ?? [])
      if (reported.has(peer) && !established.has(peer) && !this.#downSeenAt.has(peer)) this.#downSeenAt.set(peer, now);
    if (before === undefined) return false;
    if (before.size !== established.size) return true;
    for (const peer of established) if (!before.has(peer)) return true;
    return false;
  }

  /**
   * The sessions with `downForMs` at least as long as this engine has seen them down (a poll may
   * have seen a drop before this pass; the device's own figure may be coarser, FRR's is in whole
   * seconds). Both are upper bounds of the real drop time, so the session-down hold never ends early.
   */
  #withDownTimes(sessions: ReconcileReport['sessions'], now: number): ReconcileReport['sessions'] {
    return sessions.map((s) => {
      const seen = this.#downSeenAt.get(s.peer);
      if (seen === undefined || s.state === 'Established') return s;
      return { ...s, downForMs: Math.max(s.downForMs ?? 0, now - seen) };
    });
  }

  /** Closes the management session (engine stop). */
  close(): Promise<void> {
    return this.#session.drop();
  }

  /**
   * Once, before the first pass: the removal ledger an earlier agent saved (so a restart grants no
   * fresh removal budget). Nothing saved (a new pod): an empty window. A state that cannot be read
   * or decoded: a warning naming the file, and every group's budget counts as spent for one window
   * ({@link exhaustedLedger}) — as many removals as a window allows may already have happened.
   */
  async #restoreLedger(): Promise<void> {
    if (this.#ledgerRestored) return;
    this.#ledgerRestored = true;
    const store = this.#store;
    if (store === undefined) return;
    const now = this.#clock.now();
    const windowMs = this.#config.safety.removalWindowMs;
    const assumeSpent = (error: unknown, what: string): void => {
      this.#ledger = exhaustedLedger(now, windowMs);
      this.#logger.warn(
        { err: error, file: store.location, until: new Date(now + windowMs).toISOString() },
        `the saved removal ledger ${store.location} ${what}; assuming every group's removal budget is spent for one window (removals are held until it passes)`,
      );
    };
    let text: string | undefined;
    try {
      text = await store.read();
    } catch (error) {
      assumeSpent(error, `cannot be read (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    if (text === undefined) {
      this.#logger.info({ file: store.location }, 'no saved removal ledger: the removal window starts now');
      return;
    }
    try {
      this.#ledger = decodeSafetyState(text, now, windowMs);
    } catch (error) {
      assumeSpent(error, error instanceof Error ? error.message : String(error));
      return;
    }
    this.#logger.info(
      { file: store.location, removals: this.#ledger.removals.length },
      'removal ledger restored: removals of the earlier agent inside the window count against the budget',
    );
  }

  /**
   * Saves the ledger (when a store is bound).
   * @throws {SafetyStateSaveError} when it could not be saved (the caller must not commit).
   */
  async #saveLedger(): Promise<void> {
    const store = this.#store;
    if (store === undefined) return;
    try {
      await store.write(encodeSafetyState(this.#ledger, this.#clock.now()));
    } catch (error) {
      throw new SafetyStateSaveError(store.location, { cause: error });
    }
  }

  async #pass(session: ConfigSession, signal: AbortSignal, plan: boolean): Promise<ReconcileReport> {
    await this.#restoreLedger();
    // both reads at once: each is a round trip to the device (FRR: a vtysh run), and a pass that
    // ends a session-down hold is on the failover's critical path (the session poll already reads
    // sessions beside a pass over the same session)
    const [actual, sessions] = await Promise.all([session.readManaged(signal), session.bgpSessions(signal)]);
    const report = this.#compute(actual, sessions);
    if (report.rendered === undefined) return report;
    const waitMs = plan ? 0 : this.#initialSyncWaitMs();
    if (waitMs > 0) {
      this.#logger.info(
        { unsynced: this.#unsyncedGroups(), waitMs },
        'waiting for every discovery source to sync before the first change',
      );
      const { rendered: _notApplied, ...waiting } = report;
      return {
        ...waiting,
        change: { groups: [] },
        requeueAfterMs: Math.min(report.requeueAfterMs, Math.max(MIN_REQUEUE_MS, waitMs)),
      };
    }
    if (plan) {
      this.#logChanges(report, 'planned: ');
      return { ...report, outcome: 'planned' };
    }
    return this.#apply(session, signal, report);
  }

  /**
   * How much longer to hold back changes because a discovery source has not delivered its first
   * complete set. Until every source synced (or `initialSyncTimeoutMs` passed since the first pass),
   * nothing is pushed: a client `allow` range computed without a mesh group's peers would admit
   * those peers as clients. After the timeout, unsynced groups keep what the device has.
   */
  #initialSyncWaitMs(): number {
    const now = this.#clock.now();
    this.#firstPassAt ??= now;
    if (this.#unsyncedGroups().length === 0) return 0;
    const timeout = this.#options.initialSyncTimeoutMs ?? this.#config.updateSeconds * 1000;
    return Math.max(0, this.#firstPassAt + timeout - now);
  }

  /** Mesh groups whose source has not delivered a complete set yet (or has not started). */
  #unsyncedGroups(): string[] {
    const synced = new Set(
      this.#discovery
        .health()
        .filter((h) => h.synced)
        .map((h) => h.group),
    );
    return this.#config.groups.filter((g) => g.kind === 'mesh' && !synced.has(g.name)).map((g) => g.name);
  }

  /** Pass 1, guards, pass 2; renders a non-empty change; publishes status and gauges. */
  #compute(actual: ManagedState, sessions: ReconcileReport['sessions']): ReconcileReport {
    const now = this.#clock.now();
    this.#noteSessions(sessions);
    const input = {
      config: this.#config,
      identity: this.#identity,
      discovered: this.#discovery.snapshot(),
      actual,
      sessions: this.#withDownTimes(sessions, now),
      memory: this.#memory,
      now,
      gracefulShutdown: this.#gracefulShutdown,
      random: () => this.#clock.random(),
    };
    const first = this.#desired.compute(input);
    const settled = settlePendingRemovals(this.#ledger, actual);
    this.#ledger = observeSizes(settled, actual, now, this.#config.safety.removalWindowMs);
    // max_peers swaps keep max_peers peers Established: neither held nor counted by the budget
    const guarded = withoutSwapRemovals(first.change, first.desired.decisions);
    const held = guardRemovals(actual, guarded, this.#config.safety, this.#ledger, now);
    const result = held.length === 0 ? first : this.#desired.compute({ ...input, held });
    this.#memory = result.memory;
    assertHoldsKept(result.change, held);
    const resyncMs = this.#options.resyncMs ?? this.#config.updateSeconds * 1000;
    const deadline = minDefined(result.nextDeadline, this.#budgetFreesAt(held, now));
    const untilDeadline = deadline === undefined ? resyncMs : Math.max(MIN_REQUEUE_MS, deadline - now);
    this.#status.update({ desired: result.desired, applied: actual, sessions, held });
    publishPeerGauges(this.#metrics, result.desired, actual, held, sessions, this.#config);
    const base = {
      outcome: 'unchanged' as const,
      actual,
      sessions,
      desired: result.desired,
      change: result.change,
      decisions: result.desired.decisions,
      held,
      requeueAfterMs: Math.min(resyncMs, untilDeadline),
    };
    if (isEmptyChange(result.change)) {
      this.#logChanges(base, '');
      return base;
    }
    return {
      ...base,
      rendered: this.#renderer.renderChange({ desired: result.desired, actual, change: result.change }),
    };
  }

  /**
   * stage → commit confirmed → verify → confirm, aborting on any failure. Every RPC from the commit
   * on runs under the commit-confirmed deadline ({@link startConfirmDeadline}); a confirm not
   * answered by then is a {@link ConfirmDeadlineError}: the change counts as rolled back, never as
   * committed, and the retry re-reads the device.
   */
  async #apply(session: ConfigSession, signal: AbortSignal, report: ReconcileReport): Promise<ReconcileReport> {
    let committed = false;
    let deadline: ConfirmDeadline | undefined;
    try {
      const staged = await session.stage(report.rendered!, signal);
      if (staged.deviceDiff.trim() === '') {
        await session.abort(signal);
        this.#logChanges({ ...report, decisions: [] }, '');
        this.#logger.info({ digest: report.rendered!.digest }, 'device reports no difference; nothing committed');
        return { ...report, deviceDiff: '' };
      }
      await this.#recordBeforeCommit(report);
      const { confirmTimeoutS, comment } = this.#config.commit;
      deadline = startConfirmDeadline(this.#clock, signal, confirmTimeoutS);
      await session.commit({ confirmTimeoutS, comment }, deadline.signal);
      committed = true;
      deadline.check('commit');
      // A drain is never rolled back: sessions dropping while graceful shutdown is on is its purpose.
      if (report.change.gracefulShutdown === true)
        this.#logger.info('graceful shutdown switched on: confirming without the verify wait');
      else await this.#verify(session, deadline.signal, report);
      deadline.check('verify');
      await session.confirm(deadline.signal);
      deadline.check('confirm');
      this.#committed(report);
      return { ...report, outcome: 'committed', deviceDiff: staged.deviceDiff };
    } catch (caught) {
      const error =
        deadline?.expired() === true && !signal.aborted && !(caught instanceof ConfirmDeadlineError)
          ? new ConfirmDeadlineError(deadline.at, committed ? 'verify or confirm' : 'commit', { cause: caught })
          : caught;
      await this.#abortQuietly(session, error);
      this.#metrics.commits.inc({ result: commitResult(error) });
      if (error instanceof ConfirmDeadlineError)
        this.#logger.error(
          { err: error, deadline: new Date(error.deadline).toISOString() },
          'commit-confirmed deadline passed: the change is treated as rolled back; the device is re-read on retry',
        );
      else if (committed && !(error instanceof VerifyFailedError))
        this.#logger.error({ err: error }, 'change committed but not confirmed; the device rolls it back');
      throw error;
    } finally {
      deadline?.cancel();
    }
  }

  /**
   * Waits `verifyMs`, then checks the sessions (see {@link verifySessions}). Departing peers are
   * those the decisions hold or remove and those discovery no longer lists when the wait ends (a
   * peer may vanish during it). Drops the device blames on the peer are logged, not rolled back.
   */
  async #verify(session: ConfigSession, signal: AbortSignal, report: ReconcileReport): Promise<void> {
    await this.#clock.sleep(this.#config.commit.verifyMs, signal);
    const after = await session.bgpSessions(signal);
    const verdict = verifySessions({
      before: report.sessions,
      after,
      change: report.change,
      actual: report.actual,
      departing: this.#departing(report),
    });
    for (const finding of verdict.excused)
      this.#logger.info(
        { peer: finding.peer, group: finding.group, what: finding.what },
        'session disturbed during verify by its peer, not by this change; confirming',
      );
    if (verdict.disturbed.length > 0) throw new VerifyFailedError(verdict.disturbed);
  }

  /** Peers leaving anyway: held or removed by a decision, or no longer in their group's discovered set. */
  #departing(report: ReconcileReport): Set<string> {
    const out = new Set(
      report.decisions.filter((d) => d.action === 'hold' || d.action === 'remove').map((d) => d.peer),
    );
    const snapshot = this.#discovery.snapshot();
    for (const group of report.actual.groups) {
      const discovered = snapshot.get(group.name);
      if (discovered === undefined) continue;
      const present = new Set(discovered.map((p) => canonicalUnicast(p.address) ?? p.address));
      for (const peer of group.neighbors) if (!present.has(peer)) out.add(peer);
    }
    return out;
  }

  /** Best-effort abort (its own signal: the pass's may have fired); a transport fault skips it. */
  async #abortQuietly(session: ConfigSession, cause: unknown): Promise<void> {
    if (cause instanceof TransportError) return;
    try {
      await session.abort(new AbortController().signal);
    } catch (error) {
      this.#logger.warn({ err: error }, 'aborting the change failed; the commit-confirmed timer rolls it back');
    }
  }

  /** When a removal the budget holds may proceed (the oldest removal of its group leaves the window). */
  #budgetFreesAt(held: readonly PeerDecision[], now: number): number | undefined {
    const groups = new Set(held.filter((d) => d.reason === 'removal-cap').map((d) => d.group));
    if (groups.size === 0) return undefined;
    const at = budgetFreesAt(this.#ledger, groups, now, this.#config.safety.removalWindowMs);
    return at === undefined ? undefined : at + 1;
  }

  /**
   * Records the change's removals (max_peers swaps aside) as pending and saves the ledger before
   * the commit, so a removal that reaches the device is never missing from the ledger, even if the
   * agent stops right after; the next read of the device settles them
   * ({@link settlePendingRemovals}). A save that fails stops the change.
   */
  async #recordBeforeCommit(report: ReconcileReport): Promise<void> {
    const recorded = recordRemovals(
      this.#ledger,
      withoutSwapRemovals(report.change, report.decisions),
      report.actual,
      this.#clock.now(),
      { pending: true },
    );
    if (recorded === this.#ledger) return;
    this.#ledger = recorded;
    await this.#saveLedger();
  }

  #committed(report: ReconcileReport): void {
    const now = this.#clock.now();
    this.#ledger = confirmPendingRemovals(this.#ledger);
    this.#logChanges(report, '');
    this.#metrics.commits.inc({ result: 'confirmed' });
    this.#metrics.lastCommit.set({}, now / 1000);
    this.#status.update({ applied: toManagedState(report.desired), lastCommitAt: now });
    this.#logger.info({ digest: report.rendered?.digest }, 'change committed and confirmed');
  }

  /** Logs the add/remove decisions (with `prefix`), then the holds and skips new since the last pass. */
  #logChanges(report: Pick<ReconcileReport, 'decisions' | 'held'>, prefix: string): void {
    logDecisions(
      this.#logger,
      report.decisions.filter((d) => d.action !== 'hold' && d.action !== 'skip'),
      { prefix },
    );
    const standing = [...report.held, ...report.decisions.filter((d) => d.action === 'skip')];
    logDecisions(this.#logger, standing, { prefix, previouslyHeld: this.#held });
    if (prefix === '') this.#held = new Set(standing.map((d) => `${d.group}|${d.peer}`));
  }

  #finish(started: number, result: ReconcileOutcome['result'], error?: Error): void {
    const at = this.#clock.now();
    const outcome: ReconcileOutcome =
      error === undefined
        ? { at, result, durationMs: at - started }
        : { at, result, error: error.message, durationMs: at - started };
    this.#status.update({ lastOutcome: outcome, lastLoopAt: at });
  }
}
