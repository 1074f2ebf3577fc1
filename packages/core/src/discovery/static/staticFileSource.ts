import { dirname } from 'node:path';
import type { DiscoveryContext, PeerSink, PeerSource } from '../../api/discovery.js';
import type { DiscoveredPeer } from '../../api/peer.js';
import { DiscoveryError } from '../../api/errors.js';
import { FileReadError } from '../../files/boundedRead.js';
import { Backoff } from '../../retry/backoff.js';
import { samePeerSet } from '../peerSet.js';
import type { StaticFileAccess, WatchHandle } from './fileAccess.js';
import { parseAddressFile } from './parseAddressFile.js';

/** First retry delay after a failed read; doubles per failure up to `maxRefreshMs`, jittered. */
const FAILURE_BACKOFF_MS = 1_000;

/** Settings of {@link StaticFileSource}. */
export interface StaticFileSourceOptions {
  /** Absolute path of the list. */
  readonly path: string;
  /** Quiet time after a watch event before re-reading (lets a writer finish). Default 50 ms (a ConfigMap update is one atomic symlink swap). */
  readonly settleMs?: number;
}

/**
 * A peer list in a file, re-read when it changes: a directory watch (`fs.watch`) triggers a
 * re-read after `settleMs`, and a slow poll every `maxRefreshMs` catches what the watch misses
 * (network file systems, a broken watch). The first good read is emitted; later reads emit only a
 * changed set. A read or parse error reports a failure naming `file:line` and keeps the last good
 * set — nothing partial is ever emitted — and the next read waits a jittered exponential backoff
 * (1 s doubling up to `maxRefreshMs`) however many watch events arrive meanwhile, so a file that
 * stays invalid in a busy directory is not re-read in a hot loop.
 */
export class StaticFileSource implements PeerSource {
  readonly #options: StaticFileSourceOptions;
  readonly #context: DiscoveryContext;
  readonly #fs: StaticFileAccess;
  #wake: (() => void) | undefined;
  #dirty = false;

  constructor(options: StaticFileSourceOptions, context: DiscoveryContext, fs: StaticFileAccess) {
    this.#options = options;
    this.#context = context;
    this.#fs = fs;
  }

  async run(signal: AbortSignal, sink: PeerSink): Promise<void> {
    const watcher = this.#watch();
    const { clock, maxRefreshMs } = this.#context;
    const backoff = new Backoff(
      { initialMs: FAILURE_BACKOFF_MS, maxMs: Math.max(FAILURE_BACKOFF_MS, maxRefreshMs) },
      () => clock.random(),
    );
    let last: readonly DiscoveredPeer[] | undefined;
    try {
      while (!signal.aborted) {
        this.#dirty = false;
        const read = await this.#readOnce(sink, last, signal);
        if (read.ok) {
          last = read.peers;
          backoff.reset();
          if (!(await this.#waitForChange(signal))) break;
        } else if (!(await this.#sleep(backoff.fail(), signal))) break;
      }
    } finally {
      watcher?.close();
    }
  }

  /** One read: the set (emitted when it changed), or `ok: false` after reporting the failure. */
  async #readOnce(
    sink: PeerSink,
    last: readonly DiscoveredPeer[] | undefined,
    signal: AbortSignal,
  ): Promise<{ ok: true; peers: readonly DiscoveredPeer[] } | { ok: false }> {
    const { path } = this.#options;
    let peers: DiscoveredPeer[];
    try {
      peers = parseAddressFile(await this.#fs.readFile(path), path);
    } catch (error) {
      if (!signal.aborted)
        sink.reportFailure(
          error instanceof DiscoveryError
            ? error
            : new DiscoveryError(
                'read',
                error instanceof FileReadError
                  ? error.message
                  : `${path}: cannot read the peer list: ${(error as Error).message}`,
                { cause: error },
              ),
        );
      return { ok: false };
    }
    if (signal.aborted) return { ok: false };
    if (last !== undefined && samePeerSet(last, peers)) sink.reportSuccess();
    else sink.emit(peers);
    return { ok: true, peers };
  }

  /** Sleeps `ms` (watch events meanwhile only mark the file dirty); false when aborted. */
  async #sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    try {
      await this.#context.clock.sleep(ms, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** Waits for a watch event (then `settleMs`) or the poll period; false when aborted. */
  async #waitForChange(signal: AbortSignal): Promise<boolean> {
    const { clock, maxRefreshMs } = this.#context;
    if (signal.aborted) return false;
    if (!this.#dirty) {
      await new Promise<void>((resolve) => {
        const timer = clock.setTimer(maxRefreshMs, done);
        function done(): void {
          timer.cancel();
          signal.removeEventListener('abort', done);
          resolve();
        }
        this.#wake = done;
        signal.addEventListener('abort', done, { once: true });
      });
      this.#wake = undefined;
    }
    if (signal.aborted) return false;
    if (!this.#dirty) return true;
    try {
      await clock.sleep(this.#options.settleMs ?? 50, signal);
      return true;
    } catch {
      return false;
    }
  }

  #watch(): WatchHandle | undefined {
    const { path } = this.#options;
    const onEvent = (): void => {
      this.#dirty = true;
      this.#wake?.();
    };
    const onError = (error: Error): void => {
      this.#context.logger.warn({ err: error, file: path }, 'watching the peer list failed; polling only');
      handle?.close();
    };
    let handle: WatchHandle | undefined;
    try {
      handle = this.#fs.watchDir(dirname(path), onEvent, onError);
    } catch (error) {
      this.#context.logger.warn({ err: error, file: path }, 'cannot watch the peer list; polling only');
    }
    return handle;
  }
}
