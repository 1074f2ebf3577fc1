import type { Clock, Logger, Transport } from '@meshrr/core';

/** Settings of {@link waitForDevice}. */
export interface WaitForDeviceOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** First retry delay; doubled per failure up to `maxDelayMs`. Defaults 500 ms and 10 s. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

/**
 * Waits until the daemon's management interface answers (a session opens and the managed state can
 * be read), retrying with exponential backoff and logging each failure — meshrr's connect_wait,
 * without its crash on authentication errors (B19): every error is retried, because at pod start
 * cRPD may not have loaded the key yet. Resolves once connected; rejects only when `signal` aborts.
 */
export async function waitForDevice(
  transport: Transport,
  signal: AbortSignal,
  options: WaitForDeviceOptions,
): Promise<void> {
  let delay = options.initialDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 10_000;
  for (let attempt = 1; ; attempt += 1) {
    signal.throwIfAborted();
    try {
      const session = await transport.open(signal);
      await session.readManaged(signal);
      options.logger.info({ attempt, platform: transport.platform }, 'device management interface answers');
      return;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      options.logger.warn({ attempt, retryInMs: delay, err: error }, 'device not reachable yet');
    }
    await options.clock.sleep(delay, signal);
    delay = Math.min(maxDelay, delay * 2);
  }
}
