import { readFile } from 'node:fs/promises';
import { DiscoveryError } from '@meshrr/core';
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
 * (glibc defaults otherwise: no search list, ndots 1); any other read error is a
 * {@link DiscoveryError} of kind `resolv-conf`. Returns the settings and the ignored lines.
 */
export async function loadResolverSettings(path: string, options: DnsDiscoveryOptions): Promise<ResolvConfParse> {
  let parsed: ResolvConfParse;
  try {
    parsed = parseResolvConf(await readFile(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' || options.nameservers === undefined) {
      throw new DiscoveryError('resolv-conf', `cannot read ${path}: ${code ?? String(error)}`, { cause: error });
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
