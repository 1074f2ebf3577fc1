import type { DiscoveredPeer } from '../../api/peer.js';
import { DiscoveryError } from '../../api/errors.js';
import { checkPeerAddress } from './parseAddress.js';

/**
 * Parses a static peer list: one address per line; `#` starts a comment (whole line or after the
 * address); blank lines are ignored; surrounding whitespace is trimmed. Duplicates are kept once.
 * Any bad line refuses the whole file: throws {@link DiscoveryError} (`kind: parse`) naming
 * `file:line` and the reason — never a partial list.
 */
export function parseAddressFile(text: string, fileName: string): DiscoveredPeer[] {
  const seen = new Set<string>();
  const peers: DiscoveredPeer[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const hash = raw.indexOf('#');
    const content = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    if (content === '') continue;
    const check = checkPeerAddress(content);
    if (!check.ok) throw new DiscoveryError('parse', `${fileName}:${index + 1}: ${check.reason}`);
    if (seen.has(check.address)) continue;
    seen.add(check.address);
    peers.push({ address: check.address, labels: {} });
  }
  return peers;
}
