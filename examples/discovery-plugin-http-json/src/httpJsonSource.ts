import {
  type DiscoveryContext,
  DiscoveryError,
  FILE_LIMITS,
  type PeerSink,
  type PeerSource,
  readBoundedText,
  runRefreshLoop,
} from '@meshrr/core';
import { fetchDocument } from './fetchDocument.js';
import { parseHttpSd } from './parseHttpSd.js';

/** Resolved settings of one {@link HttpJsonPeerSource}. */
export interface HttpJsonSourceSettings {
  readonly url: string;
  readonly refreshMs: number;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Absolute path of the bearer token file, when one is configured. */
  readonly bearerTokenPath?: string;
}

/**
 * Polls an HTTP endpoint serving Prometheus HTTP SD JSON every `refreshMs` (core's
 * `runRefreshLoop`): emits the complete set when it changed, reports success when it did not,
 * and reports a failure — keeping the last good set — when the request, the answer or any single
 * target is bad. An answer of `[]` is an authoritative empty set.
 */
export class HttpJsonPeerSource implements PeerSource {
  readonly #settings: HttpJsonSourceSettings;
  readonly #context: DiscoveryContext;

  constructor(settings: HttpJsonSourceSettings, context: DiscoveryContext) {
    this.#settings = settings;
    this.#context = context;
  }

  run(signal: AbortSignal, sink: PeerSink): Promise<void> {
    const { refreshMs } = this.#settings;
    return runRefreshLoop(signal, sink, {
      clock: this.#context.clock,
      minRefreshMs: refreshMs,
      maxRefreshMs: refreshMs,
      refresh: async (abort) => ({ peers: parseHttpSd(await this.#fetch(abort)), refreshAfterMs: refreshMs }),
    });
  }

  async #headers(): Promise<Record<string, string>> {
    const path = this.#settings.bearerTokenPath;
    if (path === undefined) return {};
    let token: string;
    try {
      token = (await readBoundedText(path, { maxBytes: FILE_LIMITS.small, what: 'bearer token file' })).trim();
    } catch (error) {
      throw new DiscoveryError(
        'token-file',
        `bearer_token_file ${path}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    if (token === '' || /[\r\n]/.test(token))
      throw new DiscoveryError('token-file', `bearer_token_file ${path}: must hold one non-empty line`);
    return { authorization: `Bearer ${token}` };
  }

  async #fetch(signal: AbortSignal): Promise<unknown> {
    const { url, timeoutMs, maxBytes } = this.#settings;
    return fetchDocument({ url, timeoutMs, maxBytes, headers: await this.#headers() }, this.#context.clock, signal);
  }
}
