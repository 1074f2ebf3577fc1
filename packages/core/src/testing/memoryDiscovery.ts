import { injectable } from 'inversify';
import type { DiscoveryContext, DiscoveryProvider, OptionsSchema, PeerSink, PeerSource } from '../api/discovery.js';
import type { DiscoveredPeer } from '../api/peer.js';

/** Options of the `memory` source: none besides `sourcetype`; any extra key is refused. */
export type MemorySourceOptions = Readonly<Record<string, never>>;

const memoryOptionsSchema: OptionsSchema<MemorySourceOptions> = {
  safeParse(input: unknown) {
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      return { success: false, error: { issues: [{ path: [], message: 'expected an object' }] } };
    const extra = Object.keys(input);
    if (extra.length > 0)
      return {
        success: false,
        error: {
          issues: extra.map((key) => ({ path: [key], message: 'unknown key (the memory source takes no options)' })),
        },
      };
    return { success: true, data: {} };
  },
};

function toPeers(peers: ReadonlyArray<string | DiscoveredPeer>): DiscoveredPeer[] {
  return peers.map((p) => (typeof p === 'string' ? { address: p, labels: {} } : p));
}

/**
 * Test control of one group's `memory` source. Nothing is emitted until `setPeers` is called;
 * then the running source emits the complete set (and on every later `setPeers`). `fail` reports
 * a failed lookup; `crash` makes the running `run` reject (the manager restarts it).
 */
export class MemoryGroupControl {
  readonly group: string;
  #peers: DiscoveredPeer[] | undefined;
  readonly #sinks = new Set<{ sink: PeerSink; crash: (error: Error) => void }>();
  /** Times a source of this group was started. */
  starts = 0;

  constructor(group: string) {
    this.group = group;
  }

  /** Publishes a complete set (addresses or full peers) to the running sources. */
  setPeers(peers: ReadonlyArray<string | DiscoveredPeer>): void {
    this.#peers = toPeers(peers);
    for (const s of this.#sinks) s.sink.emit(this.#peers);
  }

  /** Reports a failed lookup to the running sources. */
  fail(error: Error = new Error('lookup failed')): void {
    for (const s of this.#sinks) s.sink.reportFailure(error);
  }

  /** Reports a successful lookup without change. */
  succeed(): void {
    for (const s of this.#sinks) s.sink.reportSuccess();
  }

  /** Makes every running source's `run` reject with `error`. */
  crash(error: Error = new Error('source crashed')): void {
    for (const s of [...this.#sinks]) s.crash(error);
  }

  /** Sources of this group currently running. */
  get running(): number {
    return this.#sinks.size;
  }

  /** @internal The source's run loop. */
  run(signal: AbortSignal, sink: PeerSink): Promise<void> {
    this.starts += 1;
    return new Promise<void>((resolve, reject) => {
      const entry = {
        sink,
        crash: (error: Error) => {
          cleanup();
          reject(error);
        },
      };
      const cleanup = (): void => {
        this.#sinks.delete(entry);
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        cleanup();
        resolve();
      };
      if (signal.aborted) return resolve();
      signal.addEventListener('abort', onAbort, { once: true });
      this.#sinks.add(entry);
      if (this.#peers !== undefined) queueMicrotask(() => this.#sinks.has(entry) && sink.emit(this.#peers!));
    });
  }
}

/**
 * The `memory` discovery provider of `@meshrr/core/testing` (sourcetype `memory`): each mesh
 * group's source is driven by the test through `group(name)`.
 */
@injectable()
export class MemoryDiscoveryProvider implements DiscoveryProvider<MemorySourceOptions> {
  readonly kind = 'memory';
  readonly optionsSchema = memoryOptionsSchema;
  readonly #groups = new Map<string, MemoryGroupControl>();
  /** Contexts the sources were created with, in order. */
  readonly contexts: DiscoveryContext[] = [];

  /** The control of `name`'s source (created on first use). */
  group(name: string): MemoryGroupControl {
    let control = this.#groups.get(name);
    if (control === undefined) {
      control = new MemoryGroupControl(name);
      this.#groups.set(name, control);
    }
    return control;
  }

  create(_options: MemorySourceOptions, context: DiscoveryContext): PeerSource {
    this.contexts.push(context);
    const control = this.group(context.group);
    return { run: (signal, sink) => control.run(signal, sink) };
  }
}
