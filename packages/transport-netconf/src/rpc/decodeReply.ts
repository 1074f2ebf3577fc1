import { MalformedReplyError } from '../errors.js';
import { parseXml, XmlSyntaxError, type XmlElement } from '../xml/index.js';

/** A narrow fix-up for a known device bug: returns repaired XML, or `undefined` when it does not apply. */
export type ReplyRepair = (xml: string) => string | undefined;

/**
 * Parses one received message. When it is not well-formed and `repair` yields a text that is, that
 * text is used (Junos' unclosed `<routing-engine>`); otherwise throws {@link MalformedReplyError}
 * naming the parser's complaint and position.
 */
export function decodeReply(xml: string, repair?: ReplyRepair): XmlElement {
  try {
    return parseXml(xml);
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    const repaired = repair?.(xml);
    if (repaired !== undefined) {
      try {
        return parseXml(repaired);
      } catch {
        // fall through: report the original problem
      }
    }
    const at = error.line === undefined ? '' : ` (line ${error.line}, column ${error.column ?? '?'})`;
    throw new MalformedReplyError(`malformed NETCONF reply: ${error.message}${at}`, { cause: error });
  }
}
