/** RFC 6242 §4.3 end-of-message delimiter of base:1.0 framing. */
export const EOM_DELIMITER = Buffer.from(']]>]]>', 'latin1');

/** Result of scanning a buffer for one base:1.0 message. */
export interface EomScan {
  /** Message bytes before the delimiter (not trimmed), when a delimiter was found. */
  readonly message?: Buffer;
  /** Bytes consumed (message + delimiter), 0 when incomplete. */
  readonly consumed: number;
  /** Offset from which the next scan of the same (grown) buffer may start. */
  readonly resumeAt: number;
}

/**
 * Finds the first `]]>]]>` in `buffer` at or after `from` (a delimiter split across reads is found
 * once the rest arrives, because the scan resumes 5 bytes before the old end). Pure.
 */
export function scanEom(buffer: Buffer, from = 0): EomScan {
  const at = buffer.indexOf(EOM_DELIMITER, from);
  if (at < 0) return { consumed: 0, resumeAt: Math.max(0, buffer.length - (EOM_DELIMITER.length - 1)) };
  return { message: buffer.subarray(0, at), consumed: at + EOM_DELIMITER.length, resumeAt: 0 };
}

/** Frames `xml` for base:1.0: the UTF-8 bytes followed directly by `]]>]]>` (as ncclient does). */
export function encodeEom(xml: string): Buffer {
  return Buffer.concat([Buffer.from(xml, 'utf8'), EOM_DELIMITER]);
}
