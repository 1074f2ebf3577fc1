import { writeFile as fsWriteFile } from 'node:fs/promises';
import {
  DeviceRejectedError,
  TerminalError,
  TransportError,
  type AsyncLock,
  type BgpSessionState,
  type Clock,
  type CommitOptions,
  type ConfigSession,
  type Logger,
  type ManagedState,
  type ReleaseLock,
  type RenderedChange,
  type StagedChange,
  type TimerHandle,
} from '@meshrr/core';
import { candidateWithEnvironment } from '../config/candidate.js';
import { configFingerprint } from '../config/configFingerprint.js';
import { parseFrrRunningConfig } from '../config/parseRunningConfig.js';
import { parseBgpNeighbors } from '../frr/bgpNeighbors.js';
import type { FrrReload } from '../frr/frrReload.js';
import { deletedBgpInstances, formatReloadDiff, isEmptyDiff, type ReloadDiff } from '../frr/reloadDiff.js';
import type { Vtysh } from '../frr/vtysh.js';
import type { ResolvedFrrTransportOptions } from '../options.js';

/** What a session shares with its transport. */
export interface FrrSessionDeps {
  readonly options: ResolvedFrrTransportOptions;
  readonly vtysh: Vtysh;
  readonly reload: FrrReload;
  readonly lock: AsyncLock;
  readonly clock: Clock;
  readonly logger: Logger;
}

type Phase = 'idle' | 'staged' | 'committed' | 'rolled-back' | 'closed';

/** Platform of this transport (`Transport.platform`); changes must come from the same platform. */
export const FRR_PLATFORM = 'frr';
/** The only `RenderedChange.format` this transport applies: a complete integrated `frr.conf`. */
export const FRR_CONF_FORMAT = 'frr-conf';
/** The `RenderedChange.incremental` format this transport applies in place: vtysh configuration lines. */
export const FRR_VTYSH_FORMAT = 'frr-vtysh';

/**
 * How a staged change will be applied: nothing to do; in place (the vtysh lines, checked against
 * the whole file afterwards); or the whole file through frr-reload (its `--test` diff).
 */
type Plan =
  | { readonly kind: 'none' }
  | { readonly kind: 'in-place'; readonly lines: readonly string[]; readonly body: string; readonly running: string }
  | { readonly kind: 'reload'; readonly diff: ReloadDiff };

/** A signal that never aborts: a running frr-reload is never killed half-way (its timeout bounds it). */
const NEVER = new AbortController().signal;

/**
 * One change protocol against FRR. FRR has no candidate datastore and no commit confirmed, so:
 * - `stage` takes the transport's lock and writes the candidate file (the rendered `frr.conf` plus
 *   the host's environment lines). A change with `incremental` vtysh lines (format `frr-vtysh`) is
 *   staged for an in-place apply (its diff: those lines; none when the running configuration
 *   already has the file's statements); any other change asks `frr-reload.py --test` for the diff;
 * - `commit` does nothing when there is nothing to do; otherwise it saves the running
 *   configuration and, with `confirmTimeoutS`, arms an in-process timer that restores it unless
 *   `confirm` comes first (it does not survive the agent process: FRR keeps the change then).
 *   In place: the lines in one vtysh session, then the running configuration is compared with the
 *   whole file (statement by statement, see `configFingerprint`) — a difference is drift, repaired
 *   with `frr-reload.py --reload`. Whole file: `frr-reload.py --reload`, then `--test`. A refused
 *   line, or anything left after a reload, restores the saved configuration and throws
 *   `DeviceRejectedError`: the device never keeps half a change;
 * - `confirm` cancels the timer, saves an in-place change to `frr.conf` (`write memory`; frr-reload
 *   saves its own) and releases the lock; `abort` restores the saved configuration if a
 *   commit happened, then releases the lock; `close` aborts an unfinished change.
 * A running frr-reload is never killed by a signal (a killed reload leaves half a change).
 */
export class FrrConfigSession implements ConfigSession {
  readonly #deps: FrrSessionDeps;
  #phase: Phase = 'idle';
  #release: ReleaseLock | undefined;
  #plan: Plan | undefined;
  /** A change applied in place is saved to frr.conf on confirm (frr-reload saves its own). */
  #saveOnConfirm = false;
  #previous: string | undefined;
  #timer: TimerHandle | undefined;
  #rollback: Promise<void> | undefined;

  constructor(deps: FrrSessionDeps) {
    this.#deps = deps;
  }

  async readManaged(signal: AbortSignal): Promise<ManagedState> {
    this.#open();
    // bgpd's own configuration (fails when bgpd is down); the BFD profiles its peer-groups use live
    // in bfdd: without bfdd they read as missing, a value no configuration has (then rewritten, and
    // refused by stage naming bfdd)
    const bgp = await this.#deps.vtysh.runningConfig(signal, 'bgpd');
    if (!/^ neighbor \S+ bfd profile /m.test(bgp)) return parseFrrRunningConfig(bgp);
    const bfd = await this.#deps.vtysh.runningConfig(signal, 'bfdd').catch(() => '');
    return parseFrrRunningConfig(`${bgp}\n${bfd}`);
  }

  async bgpSessions(signal: AbortSignal): Promise<readonly BgpSessionState[]> {
    this.#open();
    return parseBgpNeighbors(await this.#deps.vtysh.showJson('show bgp neighbors json', signal, 'bgpd'));
  }

  async stage(change: RenderedChange, signal: AbortSignal): Promise<StagedChange> {
    this.#open();
    if (change.platform !== FRR_PLATFORM || change.format !== FRR_CONF_FORMAT) {
      throw new TerminalError(
        `the FRR transport applies ${FRR_PLATFORM}/${FRR_CONF_FORMAT}, not ${change.platform}/${change.format}`,
        { code: 'format-unsupported' },
      );
    }
    if (this.#phase === 'committed' || this.#phase === 'rolled-back')
      throw new TerminalError('a committed change must be confirmed or aborted before the next stage', {
        code: 'session-state',
      });
    this.#release ??= await this.#deps.lock.acquire(signal);
    try {
      await this.#requireDaemons(change.body, signal);
      const running = await this.#deps.vtysh.runningConfig(signal);
      const candidate = candidateWithEnvironment(change.body, running);
      await writeFile(this.#deps.options.candidateFile, candidate, { mode: 0o640 });
      const inPlace = change.incremental?.format === FRR_VTYSH_FORMAT ? change.incremental.lines : undefined;
      if (inPlace !== undefined) {
        this.#phase = 'staged';
        if (configFingerprint(running) === configFingerprint(candidate)) {
          this.#plan = { kind: 'none' };
          return { deviceDiff: '' };
        }
        this.#plan = { kind: 'in-place', lines: inPlace, body: change.body, running };
        return { deviceDiff: `${inPlace.join('\n')}\n` };
      }
      const diff = await this.#deps.reload.test(this.#deps.options.candidateFile, signal);
      refuseInstanceReplacement(diff);
      this.#plan = isEmptyDiff(diff) ? { kind: 'none' } : { kind: 'reload', diff };
      this.#phase = 'staged';
      return { deviceDiff: formatReloadDiff(diff) };
    } catch (error) {
      this.#unlock();
      throw error;
    }
  }

  async commit(options: CommitOptions, signal: AbortSignal): Promise<void> {
    this.#open();
    const plan = this.#plan;
    if (this.#phase !== 'staged' || plan === undefined)
      throw new TerminalError('commit without a staged change', { code: 'session-state' });
    if (plan.kind === 'none') {
      this.#phase = 'committed';
      return;
    }
    const { options: o, vtysh, logger } = this.#deps;
    const previous = plan.kind === 'in-place' ? plan.running : await vtysh.runningConfig(signal);
    await writeFile(o.rollbackFile, previous, { mode: 0o640 });
    this.#previous = previous;
    this.#phase = 'committed';
    if (options.confirmTimeoutS !== undefined) this.#arm(options.confirmTimeoutS);
    const how = plan.kind === 'in-place' ? `in place (${plan.lines.length} vtysh lines)` : 'with frr-reload';
    logger.info(
      { comment: options.comment, confirmTimeoutS: options.confirmTimeoutS },
      `applying the staged change ${how}`,
    );
    const started = this.#deps.clock.now();
    try {
      if (plan.kind === 'in-place') await this.#applyInPlace(plan);
      else await this.#reloadCandidate();
      logger.info({ applyMs: this.#deps.clock.now() - started }, 'staged change applied');
    } catch (error) {
      if (error instanceof DeviceRejectedError) await this.#restore('refused change');
      throw error;
    }
  }

  /**
   * Applies the lines in one vtysh session (never interrupted half-way), then checks the running
   * configuration against the whole file: equal ⇒ done (saved on confirm); different ⇒ the device
   * had drifted from what the change was computed from, so the whole file is applied with
   * frr-reload (drift repair).
   */
  async #applyInPlace(plan: Extract<Plan, { kind: 'in-place' }>): Promise<void> {
    const { vtysh, logger } = this.#deps;
    await vtysh.configure(plan.lines, NEVER);
    const after = await vtysh.runningConfig(NEVER);
    if (configFingerprint(after) === configFingerprint(candidateWithEnvironment(plan.body, after))) {
      this.#saveOnConfirm = true;
      return;
    }
    logger.warn('the running configuration is not the intended one after the in-place change; applying the whole file');
    await this.#reloadCandidate();
  }

  /** frr-reload of the candidate file, then `--test`: anything left means FRR refused part of it. */
  async #reloadCandidate(): Promise<void> {
    const { options: o, reload } = this.#deps;
    await reload.reload(o.candidateFile, NEVER);
    let rest = await reload.test(o.candidateFile, NEVER);
    // frr-reload orders deletions by text, not by dependency (`no bfd` while a peer-group still
    // uses a profile; `no neighbor G bfd profile P` after `no neighbor G bfd` turns BFD back on):
    // one more pass applies what the first left once what it depended on is gone.
    if (!isEmptyDiff(rest)) {
      await reload.reload(o.candidateFile, NEVER);
      rest = await reload.test(o.candidateFile, NEVER);
    }
    if (!isEmptyDiff(rest)) {
      const lines = [...rest.toDelete, ...rest.toAdd];
      throw new DeviceRejectedError(`FRR did not take the whole change (left: ${lines.join(' | ')})`, {
        deviceMessages: lines,
      });
    }
  }

  async confirm(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.#open();
    if (this.#rollback !== undefined) await this.#rollback;
    if (this.#phase === 'rolled-back') {
      this.#unlock();
      throw new TransportError(
        'the confirm timeout passed before confirm: FRR was restored to the configuration before the commit',
      );
    }
    if (this.#phase !== 'committed')
      throw new TerminalError('confirm without a committed change', { code: 'session-state' });
    if (this.#saveOnConfirm)
      await this.#deps.vtysh
        .writeMemory(signal)
        .catch((error: unknown) =>
          this.#deps.logger.error(
            { err: error },
            'saving the confirmed change to frr.conf failed; FRR runs it, a restart of FRR would not',
          ),
        );
    this.#unlock();
  }

  async abort(signal: AbortSignal): Promise<void> {
    void signal; // restoring is never interrupted half-way
    if (this.#phase === 'closed' || this.#phase === 'idle') return;
    try {
      if (this.#rollback !== undefined) await this.#rollback;
      if (this.#phase === 'committed' && this.#previous !== undefined) await this.#restore('abort');
    } finally {
      this.#unlock();
    }
  }

  async close(): Promise<void> {
    if (this.#phase === 'closed') return;
    try {
      await this.abort(NEVER);
    } catch (error) {
      this.#deps.logger.error({ err: error }, 'restoring FRR while closing the session failed');
    } finally {
      this.#phase = 'closed';
    }
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * BFD needs FRR's bfdd: without it frr-reload leaves the `bfd` block unapplied and bgpd never
   * brings BFD sessions up. Refused before anything is applied, naming the fix.
   */
  async #requireDaemons(body: string, signal: AbortSignal): Promise<void> {
    if (!/^(bfd$| neighbor \S+ bfd$)/m.test(body)) return;
    const daemons = (await this.#deps.vtysh.show('show daemons', signal)).split(/\s+/);
    if (daemons.includes('bfdd')) return;
    throw new DeviceRejectedError(
      `the configuration uses BFD but FRR's bfdd is not running (running: ${daemons.filter((d) => d !== '').join(' ')}); enable bfdd in /etc/frr/daemons, or set bfd: false`,
      { deviceMessages: ['bfdd is not running'] },
    );
  }

  #open(): void {
    if (this.#phase === 'closed') throw new TransportError('the FRR session is closed');
  }

  #arm(seconds: number): void {
    this.#timer = this.#deps.clock.setTimer(seconds * 1000, () => {
      this.#timer = undefined;
      if (this.#phase !== 'committed') return;
      this.#rollback = this.#restore('confirm timeout')
        .catch((error: unknown) => this.#deps.logger.error({ err: error }, 'confirm timeout: restoring FRR failed'))
        .then(() => {
          this.#phase = 'rolled-back';
          this.#rollback = undefined;
        });
    });
  }

  /** Re-applies the configuration saved before the commit. */
  async #restore(reason: string): Promise<void> {
    this.#timer?.cancel();
    this.#timer = undefined;
    if (this.#previous === undefined) return;
    this.#deps.logger.warn({ reason }, 'restoring the FRR configuration from before the commit');
    await this.#deps.reload.reload(this.#deps.options.rollbackFile, NEVER);
    this.#previous = undefined;
  }

  #unlock(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#plan = undefined;
    this.#saveOnConfirm = false;
    this.#previous = undefined;
    if (this.#phase !== 'closed') this.#phase = 'idle';
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
}

/** Writes a work file; a failure (read-only or foreign directory) is a channel fault. */
async function writeFile(file: string, text: string, options: { mode: number }): Promise<void> {
  try {
    await fsWriteFile(file, text, options);
  } catch (error) {
    throw new TransportError(`cannot write ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** meshrr never deletes the BGP instance: a changed AS would drop every session. */
function refuseInstanceReplacement(diff: ReloadDiff): void {
  const deleted = deletedBgpInstances(diff);
  if (deleted.length === 0) return;
  const message = `BGP is already running; AS is ${deleted.join(', ')}`;
  throw new DeviceRejectedError(
    `the change would delete and re-create router bgp (${message}); meshrr never replaces the BGP instance`,
    { deviceMessages: [message], devicePath: `router bgp ${deleted[0]!}` },
  );
}
