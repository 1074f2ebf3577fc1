import type { DiscoveryContext, DiscoveryProvider, PeerSource } from '@meshrr/core';
import type { ConsulEnvironment } from './config/consulEndpoint.js';
import { consulOptionsSchema, type ConsulDiscoveryOptions } from './config/options.js';
import { ConsulPeerSource } from './source/consulPeerSource.js';

/** Module-wide settings of the Consul provider (see {@link consulDiscoveryModule}). */
export interface ConsulProviderSettings {
  /** The agent's environment: `CONSUL_HTTP_ADDR`, `CONSUL_HTTP_TOKEN(_FILE)`, `CONSUL_CACERT`, ... */
  readonly env: ConsulEnvironment;
  /** First retry delay after a failure (doubled per failure). Default 500 ms. */
  readonly initialBackoffMs?: number;
  /** Longest retry delay. Default 30 000 ms. */
  readonly maxBackoffMs?: number;
}

/**
 * The `sourcetype: consul` discovery provider: validates options with
 * {@link consulOptionsSchema} and creates one {@link ConsulPeerSource} per mesh group. `create`
 * does no I/O (files are read when the source runs).
 */
export class ConsulDiscoveryProvider implements DiscoveryProvider<ConsulDiscoveryOptions> {
  readonly kind = 'consul';
  readonly optionsSchema = consulOptionsSchema;
  readonly #settings: ConsulProviderSettings;

  constructor(settings: ConsulProviderSettings) {
    this.#settings = settings;
  }

  create(options: ConsulDiscoveryOptions, context: DiscoveryContext): PeerSource {
    return new ConsulPeerSource(options, context, {
      env: this.#settings.env,
      initialBackoffMs: this.#settings.initialBackoffMs ?? 500,
      maxBackoffMs: this.#settings.maxBackoffMs ?? 30_000,
    });
  }
}
