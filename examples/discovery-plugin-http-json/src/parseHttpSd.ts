import { DiscoveryError, checkPeerAddress, type DiscoveredPeer } from '@meshrr/core';

/** Splits `host`, `host:port` or `[v6]:port`; returns undefined when the port is malformed. */
function splitTarget(target: string): { host: string; port?: number } | undefined {
  const bracketed = /^\[([^\]]+)\](?::([0-9]{1,5}))?$/.exec(target);
  const hostPort = /^([^:]+):([0-9]{1,5})$/.exec(target);
  const match = bracketed ?? hostPort;
  if (match === null) return target.includes('[') ? undefined : { host: target };
  const host = match[1] ?? '';
  if (match[2] === undefined) return { host };
  const port = Number(match[2]);
  return port >= 1 && port <= 65_535 ? { host, port } : undefined;
}

function invalid(where: string, message: string): DiscoveryError {
  return new DiscoveryError('invalid-document', `${where}: ${message}`);
}

function parseLabels(value: unknown, where: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`${where}.labels`, 'must be an object of strings');
  const labels: Record<string, string> = {};
  for (const [key, text] of Object.entries(value)) {
    if (typeof text !== 'string')
      throw invalid(`${where}.labels.${key}`, `must be a string (found ${JSON.stringify(text)})`);
    labels[key] = text;
  }
  return labels;
}

function parseGroup(group: unknown, index: number): DiscoveredPeer[] {
  const where = `[${index}]`;
  if (typeof group !== 'object' || group === null || Array.isArray(group))
    throw invalid(where, 'must be an object with "targets" and optional "labels"');
  const { targets, labels, ...rest } = group as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw invalid(where, `unknown key ${JSON.stringify(extra[0])} (allowed: targets, labels)`);
  if (!Array.isArray(targets))
    throw invalid(`${where}.targets`, 'must be an array of "address" or "address:port" strings');
  const shared = parseLabels(labels, where);
  return targets.map((target, t): DiscoveredPeer => {
    const at = `${where}.targets[${t}]`;
    const split = typeof target === 'string' ? splitTarget(target.trim()) : undefined;
    if (split === undefined)
      throw invalid(at, `${JSON.stringify(target)} is not "address", "address:port" or "[IPv6]:port"`);
    const check = checkPeerAddress(split.host);
    if (!check.ok) throw invalid(at, `${JSON.stringify(target)}: ${check.reason}`);
    return split.port === undefined
      ? { address: check.address, labels: shared }
      : { address: check.address, port: split.port, labels: shared };
  });
}

/**
 * Parses a Prometheus HTTP SD document (an array of `{targets, labels}` groups) into the complete
 * peer set. Targets must be IP literals (a host name would need another lookup); a port is kept.
 * `[]` is a valid, empty set. Pure. Throws {@link DiscoveryError} (`kind: invalid-document`)
 * naming the first offending element, so a document is used whole or not at all.
 */
export function parseHttpSd(document: unknown): DiscoveredPeer[] {
  if (!Array.isArray(document))
    throw invalid('document', 'must be a JSON array of target groups (Prometheus HTTP SD format)');
  return document.flatMap((group, index) => parseGroup(group, index));
}
