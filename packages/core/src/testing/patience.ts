/**
 * How long a test waits for something real — a daemon starting, a BGP session coming up, a DNS
 * answer, a child process, a whole lab converging — before it calls it a hang. It is a hang guard,
 * never a speed claim: tests pass however slowly a busy 2-core CI machine runs, and fail only when
 * the awaited thing does not happen at all. Every real-time wait in meshrr's tests uses it (or a
 * multiple of it for a scenario that waits several times).
 */
export const HANG_GUARD_MS = 120_000;

/** Options of {@link eventually}. */
export interface EventuallyOptions {
  /** What is awaited, for the error message (e.g. `rr1 sessions Established`). */
  readonly what: string;
  /** Describes the last observed state for the error message (called once, on failure). */
  readonly describe?: () => string | Promise<string>;
  /** Pause between probes (default 100 ms). */
  readonly intervalMs?: number;
  /** Hang guard (default {@link HANG_GUARD_MS}); measured in wall time from the first probe. */
  readonly deadlineMs?: number;
}

/**
 * Probes until `probe` returns a value other than `undefined` or `false`, and resolves with it. A
 * probe that throws counts as "not yet" (its last error goes into the failure message).
 * @throws {Error} when the hang guard passes first, naming `what`, the time waited and the last
 * observed state.
 */
export async function eventually<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: EventuallyOptions,
): Promise<T> {
  const deadlineMs = options.deadlineMs ?? HANG_GUARD_MS;
  const intervalMs = options.intervalMs ?? 100;
  const started = performance.now();
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() - started >= deadlineMs) {
      const state =
        options.describe === undefined
          ? ''
          : `; last state: ${await Promise.resolve(options.describe()).catch((e: unknown) => `(describe failed: ${String(e)})`)}`;
      const error =
        lastError === undefined
          ? ''
          : `; last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
      throw new Error(`${options.what}: not reached within the ${deadlineMs} ms hang guard${state}${error}`, {
        cause: lastError,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
