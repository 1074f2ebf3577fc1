/**
 * A {@link Transport} wrapper for latency benchmarks over a real transport: it records
 * `performance.now()` and the staged change's body when a session's `commit` resolves, and the
 * time when its `confirm` or `abort` resolves, and lets a caller wait for a commit whose change
 * contains a given text. Everything else is passed through.
 */
import { performance } from 'node:perf_hooks';
import type { ConfigSession, Transport } from '@meshrr/core';
import { Arrivals } from './arrivals.js';

/** One resolved commit: when, and the body of the change it committed. */
export interface TimedCommit {
  readonly at: number;
  readonly body: string;
}

/** See the module comment. */
export class TimedTransport implements Transport {
  readonly platform: string;
  readonly #commits = new Arrivals<TimedCommit>();
  /** When each confirm or abort resolved (the change's verify window is over). */
  readonly confirms: number[] = [];
  readonly #inner: Transport;

  constructor(inner: Transport) {
    this.#inner = inner;
    this.platform = inner.platform;
  }

  async open(signal: AbortSignal): Promise<ConfigSession> {
    const session = await this.#inner.open(signal);
    const ended = (): void => void this.confirms.push(performance.now());
    let staged = '';
    return {
      readManaged: (s) => session.readManaged(s),
      bgpSessions: (s) => session.bgpSessions(s),
      stage: (change, s) => {
        staged = change.body;
        return session.stage(change, s);
      },
      commit: async (options, s) => {
        await session.commit(options, s);
        this.#commits.push({ at: performance.now(), body: staged });
      },
      confirm: async (s) => {
        await session.confirm(s);
        ended();
      },
      abort: async (s) => {
        await session.abort(s);
        if (this.confirms.length < this.#commits.items.length) ended();
      },
      close: () => session.close(),
      [Symbol.asyncDispose]: () => session[Symbol.asyncDispose](),
    };
  }

  /** Each resolved commit (the device runs the change), in order. */
  get commits(): readonly TimedCommit[] {
    return this.#commits.items;
  }

  /**
   * Resolves with the time of the first commit from index `from` on whose change contains `wanted`,
   * or undefined after `timeoutMs`.
   */
  async waitForCommit(from: number, wanted: string, timeoutMs: number): Promise<number | undefined> {
    return (await this.#commits.waitFor(from, (c) => c.body.includes(wanted), timeoutMs))?.at;
  }
}
