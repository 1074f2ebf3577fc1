import type { ServiceIdentifier } from 'inversify';

/**
 * Where the engine keeps the safety memory that must outlive the agent process — today the
 * removal budget's ledger (`safety.removal_window_seconds`) — so that a restarted agent does not
 * start with an empty window and grant itself a fresh budget. Core encodes and decodes the
 * contents (versioned text) and decides what an unreadable state means; the store only keeps the
 * bytes. The agent binds a file store (`--state-dir`); without a binding the engine keeps the
 * ledger in memory only.
 */
export interface SafetyStateStore {
  /** Where the state lives, for log lines and errors (a file path). */
  readonly location: string;
  /**
   * The text last written, or undefined when nothing was ever written here (a new pod).
   * @throws when the state exists but cannot be read; the engine then assumes the worst.
   */
  read(): Promise<string | undefined>;
  /**
   * Replaces the state with `text` atomically: a reader sees the old text or the new one, never a
   * mix, even if the process dies mid-write; resolves once the new text is durable.
   * @throws when it could not be written (the previous text is then still in place).
   */
  write(text: string): Promise<void>;
}
export const SafetyStateStore: ServiceIdentifier<SafetyStateStore> = Symbol.for('@meshrr/core:SafetyStateStore');
