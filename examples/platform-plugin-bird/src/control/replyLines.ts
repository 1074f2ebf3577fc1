/** One line of a BIRD CLI reply: its four-digit code (continuations carry their block's code) and text. */
export interface ReplyLine {
  readonly code: number;
  readonly text: string;
}

/** A complete reply: every line, and the code of the final line (0xxx done, 8xxx/9xxx refused). */
export interface BirdReply {
  readonly code: number;
  readonly lines: readonly ReplyLine[];
}

/**
 * Incremental parser of BIRD's CLI protocol (doc/reply_codes): `NNNN-text` opens or continues a
 * block, ` text` continues the current block, `NNNN text` is the final line of a reply, `+text`
 * is a spontaneous message (ignored here). Feed it raw text; it yields replies as they complete.
 */
export class ReplyParser {
  #buffer = '';
  #lines: ReplyLine[] = [];
  #code = 0;

  /** Adds received text; returns the replies completed by it, in order. */
  push(chunk: string): BirdReply[] {
    this.#buffer += chunk;
    const done: BirdReply[] = [];
    let newline = this.#buffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.#buffer.slice(0, newline);
      this.#buffer = this.#buffer.slice(newline + 1);
      const reply = this.#line(line);
      if (reply !== undefined) done.push(reply);
      newline = this.#buffer.indexOf('\n');
    }
    return done;
  }

  #line(line: string): BirdReply | undefined {
    if (line.startsWith('+')) return undefined;
    const numbered = /^(\d{4})([ -])(.*)$/.exec(line);
    if (numbered === null) {
      this.#lines.push({ code: this.#code, text: line.startsWith(' ') ? line.slice(1) : line });
      return undefined;
    }
    this.#code = Number(numbered[1]);
    this.#lines.push({ code: this.#code, text: numbered[3]! });
    if (numbered[2] === '-') return undefined;
    const reply = { code: this.#code, lines: this.#lines };
    this.#lines = [];
    return reply;
  }
}
