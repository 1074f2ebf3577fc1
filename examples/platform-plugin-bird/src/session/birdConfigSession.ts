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
} from '@meshrr/core';
import type { BirdControl } from '../control/birdControl.js';
import type { BirdReply } from '../control/replyLines.js';
import { BIRD_CONF_FORMAT, BIRD_PLATFORM } from '../render/birdRenderer.js';
import { managedStateOf } from '../state/managedState.js';
import { sessionsOf } from '../state/sessions.js';
import { parseShowProtocols, type BirdProtocol } from '../state/showProtocols.js';
import { lineDiff, type BirdConfigFiles } from './configFiles.js';

/** What a session shares with its transport. */
export interface BirdSessionDeps {
  readonly files: BirdConfigFiles;
  readonly control: BirdControl;
  readonly lock: AsyncLock;
  readonly clock: Clock;
  readonly logger: Logger;
}

type Phase = 'idle' | 'staged' | 'committed' | 'restored' | 'closed';

/** A signal that never aborts: a running `configure` is never abandoned half-way (its timeout bounds it). */
const NEVER = new AbortController().signal;

/** How often and how many times `show status` is polled while BIRD finishes a reconfiguration. */
const SETTLE_POLL_MS = 50;
const SETTLE_POLLS = 600;

/** BIRD reply codes (doc/reply_codes). */
const CODE = {
  reconfigured: 3,
  inProgress: 4,
  queued: 5,
  confirmed: 18,
  nothingToDo: 19,
  configurationOk: 20,
  configurationError: 8002,
} as const;

/** The text of a reply's lines, for messages. */
export function replyText(reply: BirdReply): string {
  return reply.lines
    .map((l) => l.text.trim())
    .filter((t) => t !== '')
    .join(' | ');
}

/** A BIRD configuration error as the device's refusal, with `file:line:column` as its path. */
function rejected(what: string, reply: BirdReply): DeviceRejectedError {
  const messages = reply.lines.filter((l) => l.code === CODE.configurationError).map((l) => l.text.trim());
  const where = /^(\S+:\d+:\d+)\s/.exec(messages[0] ?? '')?.[1];
  return new DeviceRejectedError(`BIRD refused ${what}: ${messages.join('; ') || replyText(reply)}`, {
    deviceMessages: messages,
    ...(where === undefined ? {} : { devicePath: where }),
  });
}

/**
 * One change protocol against BIRD 2 over its control socket. BIRD reloads whole files and has a
 * commit-confirmed of its own (`configure timeout` / `configure confirm`, undo on expiry), so:
 * - `stage` takes the transport's lock, writes the candidate beside the configuration file and
 *   asks `configure check "<candidate>"` (a refusal is `DeviceRejectedError`, nothing is touched);
 * - `commit` keeps the running file as `<file>.meshrr-previous` (the marker of an unconfirmed
 *   change), moves the candidate into place and runs `configure timeout <s>` (or `configure`); a
 *   refusal puts the previous file back;
 * - `confirm` runs `configure confirm` and drops the marker; if the timer had already expired (BIRD
 *   went back by itself) the previous file is put back and a `TransportError` says so;
 * - `abort` after a commit puts the previous file back and runs `configure` (which also stops a
 *   pending timer); `close` aborts an unfinished change. If the agent dies in between, BIRD's
 *   timer undoes the change and the next `open` restores the file from the marker.
 * Reads (`readManaged`, `bgpSessions`) come from `show protocols all`: the running daemon.
 */
export class BirdConfigSession implements ConfigSession {
  readonly #deps: BirdSessionDeps;
  #phase: Phase = 'idle';
  #release: ReleaseLock | undefined;
  #previous: string | undefined;
  #timerArmed = false;

  constructor(deps: BirdSessionDeps) {
    this.#deps = deps;
  }

  async readManaged(signal: AbortSignal): Promise<ManagedState> {
    return managedStateOf(await this.#protocols(signal));
  }

  async bgpSessions(signal: AbortSignal): Promise<readonly BgpSessionState[]> {
    return sessionsOf(await this.#protocols(signal), this.#deps.clock.now());
  }

  async stage(change: RenderedChange, signal: AbortSignal): Promise<StagedChange> {
    this.#open();
    if (change.platform !== BIRD_PLATFORM || change.format !== BIRD_CONF_FORMAT)
      throw new TerminalError(
        `the BIRD transport applies ${BIRD_PLATFORM}/${BIRD_CONF_FORMAT}, not ${change.platform}/${change.format}`,
        { code: 'format-unsupported' },
      );
    if (this.#phase !== 'idle')
      throw new TerminalError('a change is already staged or committed; confirm or abort it first', {
        code: 'session-state',
      });
    this.#release ??= await this.#deps.lock.acquire(signal);
    const { files, control } = this.#deps;
    try {
      const current = (await files.read(files.config)) ?? '';
      await files.write(files.candidate, change.body);
      const reply = await control.command(`configure check "${files.candidate}"`, signal);
      if (reply.code !== CODE.configurationOk) {
        await files.remove(files.candidate);
        throw rejected('the change (configure check)', reply);
      }
      this.#previous = current;
      this.#phase = 'staged';
      const diff = lineDiff(current, change.body);
      return {
        deviceDiff:
          diff === ''
            ? `${files.config} already holds this configuration; configure re-applies it to the running daemon`
            : diff,
      };
    } catch (error) {
      this.#unlock();
      throw error;
    }
  }

  async commit(options: CommitOptions, signal: AbortSignal): Promise<void> {
    void signal; // a configure is never abandoned half-way
    this.#open();
    if (this.#phase !== 'staged' || this.#previous === undefined)
      throw new TerminalError('commit without a staged change', { code: 'session-state' });
    const { files, control, logger } = this.#deps;
    await files.write(files.previous, this.#previous);
    await files.move(files.candidate, files.config);
    this.#phase = 'committed';
    const timeout = options.confirmTimeoutS;
    logger.info({ comment: options.comment, confirmTimeoutS: timeout }, 'applying the staged change with configure');
    const reply = await control.command(timeout === undefined ? 'configure' : `configure timeout ${timeout}`, NEVER);
    if (reply.code === CODE.reconfigured || reply.code === CODE.inProgress || reply.code === CODE.queued) {
      this.#timerArmed = timeout !== undefined;
      if (reply.code !== CODE.reconfigured) await this.#reconfigurationDone();
      return;
    }
    if (reply.code === CODE.configurationError) {
      await this.#putBack();
      this.#phase = 'restored';
      throw rejected('the change (configure)', reply);
    }
    throw new TransportError(`BIRD did not take the configuration: ${replyText(reply)}`);
  }

  /**
   * After `configure` answered "in progress" or "queued" (protocols being shut down or restarted):
   * waits until `show status` no longer reports a reconfiguration, so that reads after a commit see
   * the new configuration (removed protocols gone). Bounded: past {@link SETTLE_POLLS} polls the
   * change stands as applied (BIRD took it) and a warning says reads may still show the old protocols.
   */
  async #reconfigurationDone(): Promise<void> {
    const { control, clock, logger } = this.#deps;
    for (let poll = 0; poll < SETTLE_POLLS; poll += 1) {
      const status = await control.command('show status', NEVER);
      if (!status.lines.some((line) => line.text.includes('Reconfiguration in progress'))) return;
      await clock.sleep(SETTLE_POLL_MS);
    }
    logger.warn(
      { waitedMs: SETTLE_POLLS * SETTLE_POLL_MS },
      'BIRD is still reconfiguring (protocols shutting down); reads may show them for a while',
    );
  }

  async confirm(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.#open();
    if (this.#phase !== 'committed')
      throw new TerminalError('confirm without a committed change', { code: 'session-state' });
    const { files, control } = this.#deps;
    if (this.#timerArmed) {
      const reply = await control.command('configure confirm', NEVER);
      if (reply.code === CODE.nothingToDo) {
        // the undo timer had expired: BIRD is back on the previous configuration; so is the file
        await this.#putBack();
        this.#unlock();
        throw new TransportError(
          'the confirm timeout passed before confirm: BIRD went back to the configuration before the commit',
        );
      }
      if (reply.code !== CODE.confirmed) throw new TransportError(`configure confirm: ${replyText(reply)}`);
    }
    await files.remove(files.previous);
    this.#unlock();
  }

  async abort(signal: AbortSignal): Promise<void> {
    void signal; // restoring is never interrupted half-way
    if (this.#phase === 'closed' || this.#phase === 'idle') return;
    try {
      const { files, control } = this.#deps;
      if (this.#phase === 'staged') await files.remove(files.candidate);
      if (this.#phase === 'committed') {
        await this.#putBack();
        const reply = await control.command('configure', NEVER);
        if (reply.code === CODE.configurationError) throw rejected('the previous configuration (abort)', reply);
        if (reply.code === CODE.inProgress || reply.code === CODE.queued) await this.#reconfigurationDone();
      }
    } finally {
      this.#unlock();
    }
  }

  async close(): Promise<void> {
    if (this.#phase === 'closed') return;
    try {
      await this.abort(NEVER);
    } catch (error) {
      this.#deps.logger.error({ err: error }, 'restoring BIRD while closing the session failed');
    } finally {
      this.#phase = 'closed';
    }
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #protocols(signal: AbortSignal): Promise<BirdProtocol[]> {
    this.#open();
    const reply = await this.#deps.control.command('show protocols all', signal);
    if (reply.code >= 8000) throw new TransportError(`show protocols all: ${replyText(reply)}`);
    return parseShowProtocols(reply);
  }

  /** The previous file back in place, the marker gone (the running daemon is dealt with by the caller). */
  async #putBack(): Promise<void> {
    const { files } = this.#deps;
    await files.write(files.config, this.#previous ?? '');
    await files.remove(files.previous);
  }

  #open(): void {
    if (this.#phase === 'closed') throw new TransportError('the BIRD session is closed');
  }

  #unlock(): void {
    this.#previous = undefined;
    this.#timerArmed = false;
    if (this.#phase !== 'closed') this.#phase = 'idle';
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
}
