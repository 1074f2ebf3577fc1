import { isAbsolute, resolve } from 'node:path';
import { injectable } from 'inversify';
import type { DiscoveryContext, DiscoveryProvider, PeerSink, PeerSource } from '../../api/discovery.js';
import { nodeFileAccess } from './fileAccess.js';
import { StaticFileSource } from './staticFileSource.js';
import { staticOptionsSchema, type StaticSourceOptions } from './staticOptions.js';

/** A fixed list: emitted once, then nothing until stopped. */
class StaticListSource implements PeerSource {
  readonly #addresses: readonly string[];

  constructor(addresses: readonly string[]) {
    this.#addresses = addresses;
  }

  run(signal: AbortSignal, sink: PeerSink): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    sink.emit(this.#addresses.map((address) => ({ address, labels: {} })));
    return new Promise((done) => signal.addEventListener('abort', () => done(), { once: true }));
  }
}

/**
 * The built-in `static` discovery provider: `source: {sourcetype: static, addresses: [...]}` or
 * `source: {sourcetype: static, file: peers.txt}` (relative to the configuration file's directory,
 * re-read when it changes; see {@link StaticFileSource}). Bound by `coreModule`.
 */
@injectable()
export class StaticDiscoveryProvider implements DiscoveryProvider<StaticSourceOptions> {
  readonly kind = 'static';
  readonly optionsSchema = staticOptionsSchema;

  create(options: StaticSourceOptions, context: DiscoveryContext): PeerSource {
    if ('addresses' in options) return new StaticListSource(options.addresses);
    const path = isAbsolute(options.file) ? options.file : resolve(context.baseDir, options.file);
    return new StaticFileSource({ path }, context, nodeFileAccess);
  }
}
