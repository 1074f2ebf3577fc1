import { FramingError } from './framingError.js';

/** Largest chunk-size RFC 6242 §4.2 allows. */
const MAX_CHUNK = 4_294_967_295;
const LF = 0x0a;
const HASH = 0x23;

/** Result of scanning a buffer for one base:1.1 chunked message. */
export interface ChunkedScan {
  /** The de-chunked message, when its end-of-chunks marker was found. */
  readonly message?: Buffer;
  /** Bytes consumed, 0 when incomplete. */
  readonly consumed: number;
}

/** Reads `\n#<size>\n` at `at`; returns the size and the data offset, `undefined` when incomplete. */
function chunkHeader(buffer: Buffer, at: number): { size: number; data: number } | 'end' | undefined {
  if (buffer.length < at + 2) return undefined;
  if (buffer[at] !== LF || buffer[at + 1] !== HASH)
    throw new FramingError(
      `expected "\\n#" at byte ${at}, got ${JSON.stringify(buffer.subarray(at, at + 2).toString('latin1'))}`,
    );
  if (buffer.length < at + 3) return undefined;
  if (buffer[at + 2] === HASH) {
    if (buffer.length < at + 4) return undefined;
    if (buffer[at + 3] !== LF) throw new FramingError('end-of-chunks marker "\\n##" not followed by "\\n"');
    return 'end';
  }
  let i = at + 2;
  let digits = '';
  for (; i < buffer.length && buffer[i] !== LF; i++) {
    const c = buffer[i] as number;
    if (c < 0x30 || c > 0x39 || digits.length >= 10)
      throw new FramingError(`bad chunk-size ${JSON.stringify(digits + String.fromCharCode(c))}`);
    digits += String.fromCharCode(c);
  }
  if (i >= buffer.length) return undefined;
  const size = Number(digits);
  if (digits === '' || digits.startsWith('0') || size > MAX_CHUNK)
    throw new FramingError(`bad chunk-size ${JSON.stringify(digits)}`);
  return { size, data: i + 1 };
}

/**
 * Scans `buffer` for one complete RFC 6242 §4.2 chunked message (`\n#<size>\n<data>`… `\n##\n`):
 * any number of chunks, headers split anywhere. Throws {@link FramingError} on a malformed header
 * (the session cannot resynchronise). Pure.
 */
export function scanChunked(buffer: Buffer): ChunkedScan {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const header = chunkHeader(buffer, at);
    if (header === undefined) return { consumed: 0 };
    if (header === 'end') {
      if (parts.length === 0) throw new FramingError('end-of-chunks marker before any chunk');
      return { message: Buffer.concat(parts), consumed: at + 4 };
    }
    if (buffer.length < header.data + header.size) return { consumed: 0 };
    parts.push(buffer.subarray(header.data, header.data + header.size));
    at = header.data + header.size;
  }
}

/**
 * Frames `xml` for base:1.1 as one chunk (ncclient's choice): `\n#<octets>\n<utf-8 bytes>\n##\n`;
 * the size counts encoded bytes, not characters. An empty message is not representable and throws.
 */
export function encodeChunked(xml: string): Buffer {
  const data = Buffer.from(xml, 'utf8');
  if (data.length === 0) throw new FramingError('cannot send an empty chunked message');
  return Buffer.concat([Buffer.from(`\n#${data.length}\n`, 'latin1'), data, Buffer.from('\n##\n', 'latin1')]);
}
