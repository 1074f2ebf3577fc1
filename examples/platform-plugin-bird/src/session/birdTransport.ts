import { AsyncLock, TransportError, type Clock, type ConfigSession, type Logger, type Transport } from '@meshrr/core';
import { BirdControl } from '../control/birdControl.js';
import { BIRD_PLATFORM } from '../render/birdRenderer.js';
import { BirdConfigSession, replyText } from './birdConfigSession.js';
import { BirdConfigFiles } from './configFiles.js';

/** Where BIRD is and how long one command may take. */
export interface BirdTransportOptions {
  /** The configuration file BIRD runs from (`bird -c`); meshrr owns it whole. */
  readonly configFile: string;
  /** BIRD's control socket (`bird -s`). */
  readonly controlSocket: string;
  readonly commandTimeoutMs: number;
}

/**
 * Reaches the BIRD beside the agent through its control socket (the birdc protocol) and its
 * configuration file. `open` checks that BIRD answers and, when a change was left unconfirmed by an
 * earlier agent (`<file>.meshrr-previous` exists and no change of this transport is in flight),
 * rolls it back: the previous file is put back and applied. Sessions opened from one transport
 * share one lock, so only one change is in flight at a time.
 */
export class BirdTransport implements Transport {
  readonly platform = BIRD_PLATFORM;
  readonly #files: BirdConfigFiles;
  readonly #control: BirdControl;
  readonly #lock = new AsyncLock();
  readonly #clock: Clock;
  readonly #logger: Logger;

  constructor(options: BirdTransportOptions, clock: Clock, logger: Logger) {
    this.#files = new BirdConfigFiles(options.configFile);
    this.#control = new BirdControl({ socketPath: options.controlSocket, timeoutMs: options.commandTimeoutMs, clock });
    this.#clock = clock;
    this.#logger = logger.child({ component: 'transport-bird' });
  }

  /** @throws {TransportError} when BIRD does not answer on its control socket. */
  async open(signal: AbortSignal): Promise<ConfigSession> {
    const status = await this.#control.command('show status', signal);
    if (status.code >= 8000) throw new TransportError(`show status: ${replyText(status)}`);
    if (!this.#lock.held) await this.#rollBackUnconfirmed(signal);
    return new BirdConfigSession({
      files: this.#files,
      control: this.#control,
      lock: this.#lock,
      clock: this.#clock,
      logger: this.#logger,
    });
  }

  async #rollBackUnconfirmed(signal: AbortSignal): Promise<void> {
    const previous = await this.#files.read(this.#files.previous);
    if (previous === undefined) return;
    const release = await this.#lock.acquire(signal);
    try {
      this.#logger.warn(
        { file: this.#files.config },
        'an earlier change was never confirmed: restoring the configuration from before it',
      );
      await this.#files.write(this.#files.config, previous);
      const reply = await this.#control.command('configure', new AbortController().signal);
      if (reply.code >= 8000) throw new TransportError(`configure (rolling back): ${replyText(reply)}`);
      await this.#files.remove(this.#files.previous);
    } finally {
      release();
    }
  }
}
