import { LabError } from '../errors.js';
import type { LabRef } from './handle.js';
import { labStatus, type LabStatus } from './labStatus.js';

/**
 * Polls {@link labStatus} every `intervalMs` (default 100) until `predicate` holds; resolves with
 * that status and the time it took.
 * @throws {LabError} after `timeoutMs`, carrying the last status in the message (JSON).
 */
export async function waitForStatus(
  ref: LabRef,
  predicate: (status: LabStatus) => boolean,
  timeoutMs: number,
  intervalMs = 100,
): Promise<{ status: LabStatus; elapsedMs: number }> {
  const started = performance.now();
  let last: LabStatus | undefined;
  for (;;) {
    last = await labStatus(ref);
    if (predicate(last)) return { status: last, elapsedMs: performance.now() - started };
    if (performance.now() - started >= timeoutMs) {
      throw new LabError(
        `lab did not reach the expected state within ${timeoutMs} ms; last status: ${JSON.stringify(last)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * The lab is settled: every router runs, has at least one session, and every session is
 * Established. (Use a topology-specific predicate for stronger claims.)
 */
export function allEstablished(status: LabStatus): boolean {
  return status.routers.every(
    (r) => r.running && r.sessions.length > 0 && r.sessions.every((s) => s.state === 'Established'),
  );
}
