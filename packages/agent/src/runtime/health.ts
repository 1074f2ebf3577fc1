import type { EngineStatus } from '@meshrr/core';

/** A health verdict with the reasons behind it (served as the HTTP body). */
export interface HealthVerdict {
  readonly ok: boolean;
  readonly reasons: readonly string[];
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
  return { ok: reasons.length === 0, reasons };
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
