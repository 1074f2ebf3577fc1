import { scanChunked } from './chunked.js';
import { scanEom } from './eom.js';
import { FramingError } from './framingError.js';

/** NETCONF framing in use: base:1.0 end-of-message or base:1.1 chunked. */
export type FramingMode = 'eom' | 'chunked';

/** Default cap on one message, so a peer that never sends a delimiter cannot exhaust memory. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * Incremental RFC 6242 de-framer over raw bytes. `push` appends what the channel delivered,
 * `read` returns the next complete message (or `undefined`). The mode may change between two
 * `read`s (after the hellos): bytes already received that follow the hello are decoded with the
 * new mode. Throws {@link FramingError} on a malformed stream or a message above `maxBytes`.
 */
export class FrameReader {
  #pending: Buffer = Buffer.alloc(0);
  #resumeAt = 0;
  #mode: FramingMode = 'eom';
  readonly #maxBytes: number;

  constructor(maxBytes = DEFAULT_MAX_MESSAGE_BYTES) {
    this.#maxBytes = maxBytes;
  }

  get mode(): FramingMode {
    return this.#mode;
  }

  /** Switches framing for every message not yet read. */
  setMode(mode: FramingMode): void {
    this.#mode = mode;
    this.#resumeAt = 0;
  }

  push(chunk: Buffer): void {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    if (this.#pending.length > this.#maxBytes + 16)
      throw new FramingError(`message larger than ${this.#maxBytes} bytes`);
  }

  /** The next complete message's bytes (EOM: without the delimiter, untrimmed), or `undefined`. */
  read(): Buffer | undefined {
    if (this.#mode === 'eom') {
      const scan = scanEom(this.#pending, this.#resumeAt);
      this.#resumeAt = scan.resumeAt;
      if (scan.message === undefined) return undefined;
      const message = Buffer.from(scan.message);
      this.#pending = this.#pending.subarray(scan.consumed);
      return message;
    }
    const scan = scanChunked(this.#pending);
    if (scan.message === undefined) return undefined;
    this.#pending = this.#pending.subarray(scan.consumed);
    return scan.message;
  }

  /** Bytes received but not yet part of a complete message. */
  get bufferedBytes(): number {
    return this.#pending.length;
  }
}
