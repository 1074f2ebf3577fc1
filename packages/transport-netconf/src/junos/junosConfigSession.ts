import {
  MeshrrError,
  type BgpSessionState,
  type CommitOptions,
  type ConfigSession,
  type Logger,
  type ManagedState,
  type RenderedChange,
  type StagedChange,
} from '@meshrr/core';
import { UnsupportedOperationError } from '../errors.js';
import { closeSession } from '../ops/closeSession.js';
import type { NetconfClient, RpcCallOptions } from '../rpc/netconfClient.js';
import { formatRpcError } from '../rpc/rpcErrorInfo.js';
import { warnings, type RpcReply } from '../rpc/rpcReply.js';
import { getBgpSessions } from './bgpSessions.js';
import { commitConfiguration } from './commitConfiguration.js';
import { getCandidateDiff, getManagedConfiguration } from './getConfiguration.js';
import { loadConfiguration, loadConfigurationXml, loadRollback } from './loadConfiguration.js';
import { lockConfiguration, unlockConfiguration } from './lockConfiguration.js';
import { managedStateFromConfiguration } from './managedState.js';
import { closeConfiguration, openPrivateConfiguration } from './openConfiguration.js';

/** Options of a {@link JunosConfigSession}. */
export interface JunosSessionOptions {
  /** `exclusive` (default): locked shared candidate, commit confirmed possible. `private`: private copy, no commit confirmed (Junos refuses it). */
  readonly candidate?: 'exclusive' | 'private';
  /** Timeout of commit RPCs (default 300 000 ms; a cRPD commit can take long). Other RPCs use the client's default. */
  readonly commitTimeoutMs?: number;
}

type Phase = 'idle' | 'staged' | 'pending-confirm' | 'committed';

/**
 * The core {@link ConfigSession} on a Junos/cRPD NETCONF session (owns `client`). The change
 * protocol: `stage` = `lock-configuration` (or `open-configuration private`) + `load-configuration`
 * + the device's diff; `commit` = `commit-configuration` [confirmed, minutes rounded up] with a
 * `log` comment; `confirm` = plain `commit-configuration` + unlock; `abort` = rollback 0 (staged)
 * or rollback 1 + commit (pending confirmed commit; the exclusive lock guarantees rollback 1 is
 * the configuration before our change) + unlock. Channel faults throw `TransportError`, device
 * refusals `DeviceRejectedError`, a lock held elsewhere `LockDeniedError` (retryable).
 */
export class JunosConfigSession implements ConfigSession {
  readonly #client: NetconfClient;
  readonly #logger: Logger;
  readonly #private: boolean;
  readonly #commitTimeoutMs: number;
  #phase: Phase = 'idle';
  #closed = false;

  constructor(client: NetconfClient, logger: Logger, options: JunosSessionOptions = {}) {
    this.#client = client;
    this.#logger = logger;
    this.#private = options.candidate === 'private';
    this.#commitTimeoutMs = options.commitTimeoutMs ?? 300_000;
  }

  /** True while the NETCONF session is usable (not closed by either side). */
  get alive(): boolean {
    return !this.#closed && !this.#client.closed;
  }

  async readManaged(signal: AbortSignal): Promise<ManagedState> {
    return managedStateFromConfiguration(await getManagedConfiguration(this.#client, { signal }));
  }

  bgpSessions(signal: AbortSignal): Promise<readonly BgpSessionState[]> {
    return getBgpSessions(this.#client, { signal });
  }

  async stage(change: RenderedChange, signal: AbortSignal): Promise<StagedChange> {
    if (change.platform !== 'junos')
      throw new UnsupportedOperationError(
        `change for platform ${JSON.stringify(change.platform)} given to the Junos transport`,
      );
    loadConfigurationXml(change.format, change.body);
    if (this.#phase !== 'idle') await this.abort(signal);
    const options = { signal };
    this.#warn(
      this.#private
        ? await openPrivateConfiguration(this.#client, options)
        : await lockConfiguration(this.#client, options),
      'lock',
    );
    this.#phase = 'staged';
    try {
      this.#warn(await loadConfiguration(this.#client, change.format, change.body, options), 'load');
      return { deviceDiff: await getCandidateDiff(this.#client, options) };
    } catch (error) {
      await this.#quietly(() => this.abort(new AbortController().signal));
      throw error;
    }
  }

  async commit(options: CommitOptions, signal: AbortSignal): Promise<void> {
    if (this.#phase !== 'staged')
      throw new MeshrrError('netconf-state', `commit called while the session is ${this.#phase}; stage a change first`);
    if (this.#private && options.confirmTimeoutS !== undefined) {
      throw new UnsupportedOperationError(
        'Junos refuses commit confirmed on a private candidate: use candidate "exclusive" or commit without confirmTimeoutS',
      );
    }
    const request = {
      comment: options.comment,
      ...(options.confirmTimeoutS === undefined ? {} : { confirmTimeoutS: options.confirmTimeoutS }),
    };
    this.#warn(await commitConfiguration(this.#client, request, this.#commitOptions(signal)), 'commit');
    this.#phase = options.confirmTimeoutS === undefined ? 'committed' : 'pending-confirm';
  }

  /** `<commit-configuration><check/>`: validates the staged candidate without activating it. */
  async commitCheck(signal: AbortSignal): Promise<void> {
    this.#warn(await commitConfiguration(this.#client, { check: true }, this.#commitOptions(signal)), 'commit check');
  }

  async confirm(signal: AbortSignal): Promise<void> {
    if (this.#phase === 'idle') return;
    if (this.#phase === 'staged') throw new MeshrrError('netconf-state', 'confirm called before commit');
    if (this.#phase === 'pending-confirm')
      this.#warn(await commitConfiguration(this.#client, {}, this.#commitOptions(signal)), 'confirm');
    this.#phase = 'committed';
    await this.#release({ signal });
  }

  async abort(signal: AbortSignal): Promise<void> {
    const phase = this.#phase;
    if (phase === 'idle') return;
    if (!this.alive) {
      this.#phase = 'idle';
      this.#logger.warn(
        { phase },
        'abort on a lost NETCONF session: the device drops our lock and uncommitted changes, and its commit-confirmed timer rolls back a pending commit',
      );
      return;
    }
    const options = { signal };
    let first: unknown;
    const step = async (fn: () => Promise<unknown>): Promise<void> => {
      try {
        await fn();
      } catch (error) {
        first ??= error;
      }
    };
    if (phase === 'staged') await step(() => loadRollback(this.#client, 0, options));
    if (phase === 'pending-confirm') {
      await step(() => loadRollback(this.#client, 1, options));
      if (first === undefined)
        await step(() =>
          commitConfiguration(
            this.#client,
            { comment: 'meshrr: change aborted before confirm, rolled back' },
            this.#commitOptions(signal),
          ),
        );
    }
    await step(() => this.#release(options));
    this.#phase = 'idle';
    if (first !== undefined) throw first;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.#phase !== 'idle') await this.#quietly(() => this.abort(new AbortController().signal));
    this.#closed = true;
    if (this.#client.closed) return;
    await this.#quietly(() => closeSession(this.#client, { timeoutMs: 10_000 }));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #release(options: RpcCallOptions): Promise<void> {
    if (this.#private) await closeConfiguration(this.#client, options);
    else await unlockConfiguration(this.#client, options);
    this.#phase = 'idle';
  }

  #commitOptions(signal: AbortSignal): RpcCallOptions {
    return { signal, timeoutMs: this.#commitTimeoutMs };
  }

  #warn(reply: RpcReply, step: string): void {
    const list = warnings(reply);
    if (list.length > 0) this.#logger.warn({ step, warnings: list.map(formatRpcError) }, 'device warnings');
  }

  async #quietly(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.#logger.debug({ err: error }, 'NETCONF cleanup step failed');
    }
  }
}
