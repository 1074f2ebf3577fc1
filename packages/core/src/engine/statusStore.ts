import { injectable } from 'inversify';
import type { SourceHealth, EngineStatus, StatusProvider } from '../api/status.js';

/** The fields of {@link EngineStatus} the reconciler writes (everything but `sources`). */
export type EngineStatusPatch = Partial<Omit<EngineStatus, 'sources'>>;

/**
 * The engine's status, held in one immutable snapshot: the discovery manager writes `sources`,
 * the reconciler writes the rest. `current()` is cheap and never blocks; each write replaces the
 * snapshot (readers never see a half-updated status). Listeners run after every write.
 */
@injectable()
export class StatusStore implements StatusProvider {
  #status: EngineStatus = { sources: [], sessions: [], held: [] };
  readonly #listeners = new Set<(status: EngineStatus) => void>();

  current(): EngineStatus {
    return this.#status;
  }

  /** Replaces the health of every discovery source (sorted by group). */
  setSources(sources: readonly SourceHealth[]): void {
    this.#write({ ...this.#status, sources: [...sources].sort((a, b) => a.group.localeCompare(b.group)) });
  }

  /** Merges `patch` into the status; an explicit `undefined` value clears that field. */
  update(patch: EngineStatusPatch): void {
    const next: Record<string, unknown> = { ...this.#status };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) delete next[key];
      else next[key] = value;
    }
    this.#write(next as unknown as EngineStatus);
  }

  /** Calls `listener` after every write; returns the unsubscribe function. */
  subscribe(listener: (status: EngineStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #write(status: EngineStatus): void {
    this.#status = status;
    for (const listener of [...this.#listeners]) listener(status);
  }
}
