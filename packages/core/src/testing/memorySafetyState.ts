import type { SafetyStateStore } from '../api/safetyState.js';

/**
 * A {@link SafetyStateStore} in memory, shared by the agents of a test to stand for one state
 * directory across a restart. Every write is kept (`writes`); `failReads`/`failWrites` make the
 * next reads or writes throw.
 */
export class MemorySafetyStateStore implements SafetyStateStore {
  readonly location: string;
  /** The state as last written (or set by the test); undefined: nothing was ever written. */
  text: string | undefined;
  /** Every text written, oldest first. */
  readonly writes: string[] = [];
  /** While set, `read` throws this error. */
  failReads: Error | undefined;
  /** While set, `write` throws this error and keeps the old text. */
  failWrites: Error | undefined;

  constructor(location = 'memory:/var/lib/meshrr/safety-state.json', text?: string) {
    this.location = location;
    this.text = text;
  }

  read(): Promise<string | undefined> {
    if (this.failReads !== undefined) return Promise.reject(this.failReads);
    return Promise.resolve(this.text);
  }

  write(text: string): Promise<void> {
    if (this.failWrites !== undefined) return Promise.reject(this.failWrites);
    this.text = text;
    this.writes.push(text);
    return Promise.resolve();
  }
}
