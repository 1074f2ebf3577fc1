import type { Clock, TimerHandle } from '../api/ambient.js';

/** Abort reason used when a sleep is interrupted by its signal and the signal gave none. */
function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/**
 * The real clock: wall time and Node timers. The only place in meshrr that calls `Date.now()`,
 * `setTimeout` and `Math.random`; everything else receives a {@link Clock}. Timers are `unref`'d so a pending timer
 * never keeps a stopping process alive.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  random: () => Math.random(),
  setTimer(ms: number, fn: () => void): TimerHandle {
    const handle = setTimeout(fn, Math.max(0, ms));
    handle.unref?.();
    return { cancel: () => clearTimeout(handle) };
  },
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(handle);
        reject(abortReason(signal!));
      };
      const handle = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};
