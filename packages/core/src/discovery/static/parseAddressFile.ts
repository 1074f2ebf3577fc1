import type { DiscoveredPeer } from '../../api/peer.js';
import { RejectedRecordsError, type RejectedRecord } from '../../api/errors.js';
import { checkPeerAddress } from '../../net/addressPolicy.js';

/**
 * Parses a static peer list: one address per line; `#` starts a comment (whole line or after the
 * address); blank lines are ignored; surrounding whitespace is trimmed. Duplicates are kept once.
 * Any bad line refuses the whole file: throws {@link RejectedRecordsError} listing every bad line
 * as `file:line` with its reason — never a partial list.
 */
export function parseAddressFile(text: string, fileName: string): DiscoveredPeer[] {
  const seen = new Set<string>();
  const peers: DiscoveredPeer[] = [];
  const rejected: RejectedRecord[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const hash = raw.indexOf('#');
    const content = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    if (content === '') continue;
    const check = checkPeerAddress(content);
    if (!check.ok) {
      const where = `${fileName}:${index + 1}`;
      rejected.push({ record: where, reason: check.class, detail: `${where}: ${check.reason}` });
      continue;
    }
    if (seen.has(check.address)) continue;
    seen.add(check.address);
    peers.push({ address: check.address, labels: {} });
  }
  if (rejected.length > 0) throw new RejectedRecordsError(fileName, rejected);
  return peers;
}
