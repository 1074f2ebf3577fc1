import { AsyncLock, type Clock, type ConfigSession, type Logger, type Transport } from '@meshrr/core';
import { FrrReload } from './frr/frrReload.js';
import { Vtysh } from './frr/vtysh.js';
import { resolveFrrTransportOptions, type FrrTransportOptions, type ResolvedFrrTransportOptions } from './options.js';
import { FRR_PLATFORM, FrrConfigSession } from './session/frrConfigSession.js';

/**
 * Reaches the FRR beside the agent through its vty sockets: `vtysh` for reads (`show
 * running-config`, `show bgp neighbors json`) and `frr-reload.py` for changes. All child
 * processes are run with argument arrays (no shell), timeouts and abort signals. Sessions opened
 * from one transport share one lock, so only one change is in flight at a time.
 */
export class FrrTransport implements Transport {
  readonly platform = FRR_PLATFORM;
  readonly #options: ResolvedFrrTransportOptions;
  readonly #vtysh: Vtysh;
  readonly #reload: FrrReload;
  readonly #lock = new AsyncLock();
  readonly #clock: Clock;
  readonly #logger: Logger;

  /** @throws {TerminalError} (`config-invalid`) for relative paths or impossible timeouts. */
  constructor(options: FrrTransportOptions, clock: Clock, logger: Logger) {
    this.#options = resolveFrrTransportOptions(options);
    this.#vtysh = new Vtysh(this.#options);
    this.#reload = new FrrReload(this.#options);
    this.#clock = clock;
    this.#logger = logger.child({ component: 'transport-frr' });
  }

  /**
   * Checks that bgpd answers on the vty socket directory, then returns a new session.
   * @throws {TransportError} when vtysh cannot run or bgpd is not reachable.
   */
  async open(signal: AbortSignal): Promise<ConfigSession> {
    await this.#vtysh.show('show version', signal, 'bgpd');
    return new FrrConfigSession({
      options: this.#options,
      vtysh: this.#vtysh,
      reload: this.#reload,
      lock: this.#lock,
      clock: this.#clock,
      logger: this.#logger,
    });
  }
}
