const REDACTED = '[secret]';

/**
 * A secret value (a TCP-MD5 or TCP-AO key read from a Kubernetes Secret file). It never shows
 * itself: `String()`, template literals, `JSON.stringify` (pino, plan output) and `util.inspect`
 * all give `[secret]`. Only {@link Secret.reveal} returns the value, for the renderer that writes
 * it into device configuration and for comparing it with what the device holds.
 */
export class Secret {
  readonly #value: string;
  /** Where the value came from (a file path), for messages; never the value itself. */
  readonly origin: string;

  constructor(value: string, origin: string) {
    this.#value = value;
    this.origin = origin;
  }

  /** The secret value itself. Never log or print it. */
  reveal(): string {
    return this.#value;
  }

  /** Same value (constant-time on equal lengths is not needed: both sides are local). */
  equals(other: Secret): boolean {
    return this.#value === other.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}
