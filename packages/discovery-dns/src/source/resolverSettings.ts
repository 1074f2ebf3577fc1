import { DiscoveryError, FILE_LIMITS, FileReadError, readBoundedText } from '@meshrr/core';
import type { DnsDiscoveryOptions } from '../config/options.js';
import {
  DEFAULT_RESOLVER_SETTINGS,
  parseResolvConf,
  type ResolvConfParse,
  type ResolverSettings,
} from '../config/resolvConf.js';

/**
 * Reads `path` as resolv.conf and applies the source options over it (`nameservers`,
 * `timeout_seconds`, `attempts` win). A missing file is allowed only when `nameservers` is set
 * (glibc defaults otherwise: no search list, ndots 1); any other read error — a device, FIFO or
 * directory, a file over 1 MiB — is a {@link DiscoveryError} of kind `resolv-conf` naming the file. Returns the settings and the ignored lines.
 */
export async function loadResolverSettings(path: string, options: DnsDiscoveryOptions): Promise<ResolvConfParse> {
  let parsed: ResolvConfParse;
  try {
    parsed = parseResolvConf(await readBoundedText(path, { maxBytes: FILE_LIMITS.small, what: 'resolv.conf' }));
  } catch (error) {
    if (!(error instanceof FileReadError && error.missing) || options.nameservers === undefined) {
      const reason = error instanceof Error ? error.message : `cannot read ${path}: ${String(error)}`;
      throw new DiscoveryError('resolv-conf', reason, { cause: error });
    }
    parsed = { settings: DEFAULT_RESOLVER_SETTINGS, ignored: [] };
  }
  const settings: ResolverSettings = {
    ...parsed.settings,
    nameservers: options.nameservers ?? parsed.settings.nameservers,
    timeoutMs:
      options.timeout_seconds !== undefined ? Math.round(options.timeout_seconds * 1000) : parsed.settings.timeoutMs,
    attempts: options.attempts ?? parsed.settings.attempts,
  };
  return { settings, ignored: parsed.ignored };
}
