import { Duplex } from 'node:stream';

/** Two connected in-memory byte streams: what one writes, the other reads (test helper). */
export function duplexPair(): [Duplex, Duplex] {
  let left: Duplex | undefined;
  let right: Duplex | undefined;
  const make = (peer: () => Duplex | undefined): Duplex =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        peer()?.push(Buffer.from(chunk));
        cb();
      },
      final(cb) {
        peer()?.push(null);
        cb();
      },
      destroy(error, cb) {
        const other = peer();
        if (other !== undefined && !other.destroyed) other.destroy();
        cb(error);
      },
    });
  left = make(() => right);
  right = make(() => left);
  return [left, right];
}

/** Collects what the peer writes on `stream` and splits it into EOM/chunked messages on demand (test helper). */
export class ServerSide {
  readonly stream: Duplex;
  #buffer = Buffer.alloc(0);
  #waiters: Array<() => void> = [];

  constructor(stream: Duplex) {
    this.stream = stream;
    stream.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      for (const w of this.#waiters.splice(0)) w();
    });
  }

  /** All bytes received so far. */
  get received(): Buffer {
    return this.#buffer;
  }

  /** Resolves once `]]>]]>` or `\n##\n` terminated `count` messages in total have arrived. */
  async waitForMessages(count: number): Promise<string[]> {
    for (let i = 0; i < 500; i++) {
      const messages = splitMessages(this.#buffer);
      if (messages.length >= count) return messages;
      await new Promise<void>((r) => {
        this.#waiters.push(r);
        setTimeout(r, 20);
      });
    }
    throw new Error(`only ${splitMessages(this.#buffer).length} of ${count} messages arrived`);
  }

  send(bytes: string | Buffer): void {
    this.stream.write(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
  }
}

/** Splits a client byte stream (EOM hello, then EOM or single-chunk messages) into message texts. */
export function splitMessages(buffer: Buffer): string[] {
  const out: string[] = [];
  let text = buffer.toString('utf8');
  for (;;) {
    if (text.startsWith('\n#')) {
      const nl = text.indexOf('\n', 2);
      const end = text.indexOf('\n##\n');
      if (nl < 0 || end < 0) return out;
      out.push(text.slice(nl + 1, end));
      text = text.slice(end + 4);
      continue;
    }
    const at = text.indexOf(']]>]]>');
    if (at < 0) return out;
    out.push(text.slice(0, at));
    text = text.slice(at + 6);
  }
}
