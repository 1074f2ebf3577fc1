import type { Logger } from '../api/ambient.js';
import type { PeerDecision } from '../api/state.js';

const VERBS: Record<PeerDecision['action'], string> = {
  add: 'added',
  remove: 'removed',
  keep: 'kept',
  hold: 'held',
  skip: 'skipped',
};

/**
 * One log line per peer decision (`peer added` / `peer removed` / `peer held` / `peer skipped`, with group, peer
 * and reason; `peer kept` at debug). `prefix` marks plans (`planned: peer added`). Held and skipped
 * decisions are logged at warn, only when new (not in `previouslyHeld`, keys `group|peer`).
 */
export function logDecisions(
  logger: Logger,
  decisions: readonly PeerDecision[],
  options: { prefix?: string; previouslyHeld?: ReadonlySet<string> } = {},
): void {
  for (const d of decisions) {
    const message = `${options.prefix ?? ''}peer ${VERBS[d.action]}`;
    const fields = { group: d.group, peer: d.peer, reason: d.reason };
    if (d.action === 'keep') logger.debug(fields, message);
    else if (d.action === 'hold' || d.action === 'skip') {
      if (!options.previouslyHeld?.has(`${d.group}|${d.peer}`)) logger.warn(fields, message);
    } else logger.info(fields, message);
  }
}
