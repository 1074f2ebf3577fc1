import type { EngineStatus } from '@meshrr/core';

/** A health verdict with the reasons behind it (served as the HTTP body). */
export interface HealthVerdict {
  readonly ok: boolean;
  readonly reasons: readonly string[];
  /** Facts the operator must see that do not change the verdict (served after it). */
  readonly notices?: readonly string[];
}

/** How many held removals a notice lists by name. */
const LISTED_HOLDS = 10;

/**
 * The removals the safety guards hold (removal budget or quorum), as one notice. They do not make
 * the router unready: an unready pod drops out of Kubernetes discovery of its peers, which would
 * turn a held removal here into removals on every other router.
 */
function heldNotice(status: EngineStatus): string[] {
  if (status.held.length === 0) return [];
  const listed = status.held
    .slice(0, LISTED_HOLDS)
    .map((d) => `${d.peer} (group ${d.group}, ${d.reason})`)
    .join(', ');
  const more = status.held.length > LISTED_HOLDS ? ` and ${status.held.length - LISTED_HOLDS} more` : '';
  return [
    `${status.held.length} removal(s) held by the safety guards: ${listed}${more}; they proceed when the removal window allows (safety.removal_window_seconds) or once safety.allow_large_removals is set`,
  ];
}

/** Settings of {@link readiness}. */
export interface ReadinessOptions {
  /** Share (0–1) of intended mesh sessions that must be Established. Default 0.5. */
  readonly sessionQuorum: number;
}

/**
 * Ready = the engine has completed a reconcile, every discovery source has synced once, and at
 * least `sessionQuorum` of the BGP sessions the router intends to have (its mesh neighbors) are
 * Established. A router with no intended sessions (the first of its mesh) is ready once synced.
 * Removals the safety guards hold are reported as a notice (see `heldNotice`), never as a reason.
 */
export function readiness(status: EngineStatus, options: ReadinessOptions): HealthVerdict {
  const reasons: string[] = [];
  if (status.lastOutcome === undefined) reasons.push('no reconcile has completed yet');
  else if (status.lastOutcome.result === 'failed' || status.lastOutcome.result === 'terminal') {
    reasons.push(`last reconcile ${status.lastOutcome.result}: ${status.lastOutcome.error ?? 'unknown error'}`);
  }
  for (const source of status.sources) {
    if (!source.synced)
      reasons.push(
        `discovery for group ${source.group} (${source.sourcetype}) has not synced${source.lastError ? `: ${source.lastError}` : ''}`,
      );
  }
  const intended = (status.desired?.groups ?? []).filter((g) => g.kind === 'mesh').flatMap((g) => g.neighbors);
  if (intended.length > 0) {
    const established = new Set(status.sessions.filter((s) => s.state === 'Established').map((s) => s.peer));
    const up = intended.filter((peer) => established.has(peer));
    const needed = Math.ceil(intended.length * options.sessionQuorum);
    if (up.length < needed) {
      const down = intended.filter((peer) => !established.has(peer));
      reasons.push(
        `${up.length} of ${intended.length} intended BGP sessions Established, ${needed} needed; down: ${down.join(', ')}`,
      );
    }
  }
  const notices = heldNotice(status);
  return { ok: reasons.length === 0, reasons, ...(notices.length > 0 ? { notices } : {}) };
}

/** Settings of {@link liveness}. */
export interface LivenessOptions {
  /** The engine loop must have turned within this many ms. */
  readonly staleAfterMs: number;
  /** Time the process started (a loop that has not turned yet is alive during this grace). */
  readonly startedAt: number;
}

/**
 * Alive = the engine loop turned recently (or the process is still inside its start grace). A loop
 * after a terminal error (a safety-guard refusal waits for an input change; a device rejection is
 * retried with backoff) is alive: restarting the pod would not help, and readiness reports it.
 */
export function liveness(status: EngineStatus, now: number, options: LivenessOptions): HealthVerdict {
  if (status.lastOutcome?.result === 'terminal') return { ok: true, reasons: [] };
  const last = status.lastLoopAt ?? options.startedAt;
  const age = now - last;
  if (age > options.staleAfterMs) {
    return {
      ok: false,
      reasons: [
        `engine loop has not turned for ${Math.round(age / 1000)} s (limit ${Math.round(options.staleAfterMs / 1000)} s)`,
      ],
    };
  }
  return { ok: true, reasons: [] };
}
