import { isAbsolute, resolve } from 'node:path';
import type { DiscoveryContext, DiscoveryProvider, PeerSource } from '@meshrr/core';
import { dnsOptionsSchema, type DnsDiscoveryOptions } from './config/options.js';
import { DnsPeerSource } from './source/dnsPeerSource.js';

/** Module-wide settings of the DNS provider (see {@link dnsDiscoveryModule}). */
export interface DnsProviderSettings {
  /** resolv.conf used when a group sets no `resolv_conf`. Default `/etc/resolv.conf`. */
  readonly resolvConfPath?: string;
}

/**
 * The `sourcetype: dns` discovery provider: validates `source` options with
 * {@link dnsOptionsSchema} and creates one {@link DnsPeerSource} per mesh group. `create` does no
 * I/O. Refresh bounds: `min_refresh_seconds` (default 1 s) and `max_refresh_seconds`, defaulting to
 * the context's `maxRefreshMs` (meshrr `UPDATE_SECONDS`); a minimum above the maximum is lowered to it.
 */
export class DnsDiscoveryProvider implements DiscoveryProvider<DnsDiscoveryOptions> {
  readonly kind = 'dns';
  readonly optionsSchema = dnsOptionsSchema;
  readonly #resolvConfPath: string;

  constructor(settings: DnsProviderSettings = {}) {
    this.#resolvConfPath = settings.resolvConfPath ?? '/etc/resolv.conf';
  }

  create(options: DnsDiscoveryOptions, context: DiscoveryContext): PeerSource {
    const file = options.resolv_conf;
    const resolvConfPath =
      file === undefined ? this.#resolvConfPath : isAbsolute(file) ? file : resolve(context.baseDir, file);
    const maxRefreshMs =
      options.max_refresh_seconds !== undefined ? options.max_refresh_seconds * 1000 : context.maxRefreshMs;
    const minRefreshMs = Math.min(options.min_refresh_seconds * 1000, maxRefreshMs);
    return new DnsPeerSource(options, context, { resolvConfPath, minRefreshMs, maxRefreshMs });
  }
}
