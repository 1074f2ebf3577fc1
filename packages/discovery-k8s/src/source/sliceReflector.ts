import { DiscoveryError, type Clock, type Logger, backoffDelayMs } from '@meshrr/core';
import type { K8sApiClient, WatchEvent } from '../api/k8sApiClient.js';
import { K8sApiError, statusError } from '../api/k8sApiError.js';
import { parseEndpointSlice, parseSliceList, type EndpointSlice } from './endpointSlice.js';

/** What the reflector watches and how patiently. */
export interface ReflectorSettings {
  readonly namespace: string;
  /** Label selector, e.g. `kubernetes.io/service-name=meshrr`. */
  readonly labelSelector: string;
  readonly watchTimeoutSeconds: number;
  readonly requestTimeoutMs: number;
  /** First retry delay after a failure, doubled per consecutive failure. */
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Items per list page (`limit`). */
  readonly pageSize: number;
}

/** Why the reflector hands over its cache. */
export type SnapshotReason = 'list' | 'event' | 'bookmark' | 'watch-end';

/** Callbacks of {@link SliceReflector.run}. */
export interface ReflectorHandlers {
  /** The complete, consistent current set of slices (after a full list or applied events). */
  onSnapshot(slices: ReadonlyMap<string, EndpointSlice>, reason: SnapshotReason): void;
  /** A list or watch failed; the last snapshot stays valid; a retry follows with backoff. */
  onFailure(error: DiscoveryError): void;
  /** A full (paged) list starts; the returned function is called when it ends, whether it succeeded or not. */
  onListStart?(): () => void;
}

/** A watch that ends this fast without delivering anything is treated as a failure (as client-go does). */
const SHORT_WATCH_MS = 1_000;
/** Silence tolerated beyond the server-side watch timeout before the stream is declared dead. */
const WATCH_GRACE_MS = 30_000;

/**
 * Kubernetes list+watch of the EndpointSlices matching a selector in one namespace, in the
 * manner of client-go's reflector: list (paged, `limit`/`continue`), then watch from the list's
 * `resourceVersion` with `allowWatchBookmarks`; re-watch from the last seen version when the
 * server ends a watch; re-list at once on 410 Gone (`ERROR` event or HTTP 410); on any other
 * error report it, keep the cache and retry with exponential backoff (honouring `Retry-After`).
 * Snapshots are only handed over when the cache is consistent (never mid re-list).
 */
export class SliceReflector {
  readonly #client: K8sApiClient;
  readonly #settings: ReflectorSettings;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #path: string;
  #cache = new Map<string, EndpointSlice>();
  #resourceVersion: string | undefined;
  /** Consecutive failures; reset by a successful list or any watch event. */
  #failures = 0;

  constructor(client: K8sApiClient, settings: ReflectorSettings, clock: Clock, logger: Logger) {
    this.#client = client;
    this.#settings = settings;
    this.#clock = clock;
    this.#logger = logger;
    this.#path = `/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(settings.namespace)}/endpointslices`;
  }

  /** Runs until `signal` aborts; never rejects for API errors (they go to `onFailure`). */
  async run(signal: AbortSignal, handlers: ReflectorHandlers): Promise<void> {
    let gones = 0;
    while (!signal.aborted) {
      let retryAfterMs: number | undefined;
      try {
        if (this.#resourceVersion === undefined) {
          const listed = handlers.onListStart?.();
          try {
            await this.#list(signal);
          } finally {
            listed?.();
          }
          this.#failures = 0;
          handlers.onSnapshot(this.#cache, 'list');
        }
        const delivered = await this.#watch(signal, handlers);
        if (signal.aborted) break;
        if (delivered.events === 0 && delivered.ms < SHORT_WATCH_MS)
          throw new DiscoveryError('short-watch', `watch ended after ${delivered.ms} ms without any event`);
        gones = 0;
        handlers.onSnapshot(this.#cache, 'watch-end');
        continue;
      } catch (error) {
        if (signal.aborted) break;
        const failure =
          error instanceof DiscoveryError ? error : new DiscoveryError('unexpected', String(error), { cause: error });
        if (failure instanceof K8sApiError && failure.gone) {
          this.#resourceVersion = undefined;
          gones += 1;
          this.#logger.info({ err: failure }, 'resource version expired: re-listing EndpointSlices');
          if (gones < 3) continue;
        }
        if (failure.kind === 'invalid-document') this.#resourceVersion = undefined;
        this.#failures += 1;
        retryAfterMs = failure instanceof K8sApiError ? failure.retryAfterMs : undefined;
        handlers.onFailure(failure);
      }
      const backoff = backoffDelayMs(
        this.#failures,
        { initialMs: this.#settings.initialBackoffMs, maxMs: this.#settings.maxBackoffMs },
        () => this.#clock.random(),
      );
      try {
        await this.#clock.sleep(Math.max(backoff, retryAfterMs ?? 0), signal);
      } catch {
        break;
      }
    }
  }

  async #list(signal: AbortSignal): Promise<void> {
    const next = new Map<string, EndpointSlice>();
    let continueToken: string | undefined;
    let resourceVersion: string;
    do {
      const query: Record<string, string> = {
        labelSelector: this.#settings.labelSelector,
        limit: String(this.#settings.pageSize),
      };
      if (continueToken !== undefined) query['continue'] = continueToken;
      const body = await this.#client.getJson(this.#path, query, this.#settings.requestTimeoutMs, signal);
      const page = parseSliceList(body, `list ${this.#path}`);
      for (const slice of page.items) next.set(slice.metadata.name, slice);
      continueToken = page.continueToken;
      resourceVersion = page.resourceVersion;
    } while (continueToken !== undefined);
    this.#cache = next;
    this.#resourceVersion = resourceVersion;
  }

  async #watch(signal: AbortSignal, handlers: ReflectorHandlers): Promise<{ events: number; ms: number }> {
    const started = this.#clock.now();
    let events = 0;
    const query = {
      labelSelector: this.#settings.labelSelector,
      resourceVersion: this.#resourceVersion ?? '',
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(this.#settings.watchTimeoutSeconds),
    };
    const idleMs = this.#settings.watchTimeoutSeconds * 1000 + WATCH_GRACE_MS;
    await this.#client.watch(this.#path, query, idleMs, signal, (batch) => {
      events += batch.length;
      this.#failures = 0;
      const changed = batch.map((event) => this.#apply(event)).some(Boolean);
      handlers.onSnapshot(this.#cache, changed ? 'event' : 'bookmark');
    });
    return { events, ms: this.#clock.now() - started };
  }

  /** Applies one watch event to the cache; true when the cache changed. Throws on ERROR events. */
  #apply(event: WatchEvent): boolean {
    const where = `watch ${this.#path}`;
    if (event.type === 'ERROR') throw statusError(500, event.object, where);
    const object = event.object as { metadata?: { resourceVersion?: unknown } } | null;
    const version = object?.metadata?.resourceVersion;
    if (event.type === 'BOOKMARK') {
      if (typeof version === 'string' && version !== '') this.#resourceVersion = version;
      return false;
    }
    const slice = parseEndpointSlice(event.object, `${where} ${event.type} event`);
    if (event.type === 'ADDED' || event.type === 'MODIFIED') this.#cache.set(slice.metadata.name, slice);
    else if (event.type === 'DELETED') this.#cache.delete(slice.metadata.name);
    else throw new DiscoveryError('invalid-document', `${where}: unknown event type ${JSON.stringify(event.type)}`);
    if (slice.metadata.resourceVersion) this.#resourceVersion = slice.metadata.resourceVersion;
    return true;
  }
}
