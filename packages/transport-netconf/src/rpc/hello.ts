import { TransportError } from '@meshrr/core';
import type { FramingMode } from '../framing/index.js';
import { child, children, escapeXml, parseXml, type XmlElement } from '../xml/index.js';
import { BASE_1_0, BASE_1_1, LEGACY_BASE_1_0, NETCONF_NS, XML_DECLARATION } from './namespaces.js';

/** What the server said in its `<hello>`. */
export interface ServerHello {
  readonly capabilities: readonly string[];
  /** `<session-id>` (the Junos NETCONF server's PID); `undefined` when absent or not a number. */
  readonly sessionId: number | undefined;
}

/** Capabilities meshrr advertises by default: base:1.0 and base:1.1 (chunked framing when the server has it). */
export const DEFAULT_CLIENT_CAPABILITIES: readonly string[] = [BASE_1_0, BASE_1_1];

/**
 * The client `<hello>` in ncclient's form (XML declaration, `nc:` prefix, no session-id), always
 * sent with end-of-message framing. Capability URIs are escaped. Pure.
 */
export function buildClientHello(capabilities: readonly string[]): string {
  const caps = capabilities.map((c) => `<nc:capability>${escapeXml(c)}</nc:capability>`).join('');
  return `${XML_DECLARATION}<nc:hello xmlns:nc="${NETCONF_NS}"><nc:capabilities>${caps}</nc:capabilities></nc:hello>`;
}

function helloElement(xml: string): XmlElement {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    throw new TransportError(`NETCONF server hello is not well-formed XML: ${(error as Error).message}`, {
      cause: error,
      code: 'netconf-hello',
    });
  }
  if (root.name !== 'hello' || (root.ns !== undefined && root.ns !== NETCONF_NS)) {
    throw new TransportError(
      `expected the NETCONF server <hello>, got <${root.prefix ? `${root.prefix}:` : ''}${root.name}>`,
      { code: 'netconf-hello' },
    );
  }
  return root;
}

/**
 * Parses the server `<hello>` (comments before the root, as Junos sends, are fine; prefixed
 * `nc:hello` from rfc-compliant Junos too). Throws `TransportError` (code `netconf-hello`) when it
 * is not a hello or advertises neither base:1.0 (either spelling) nor base:1.1.
 */
export function parseServerHello(xml: string): ServerHello {
  const root = helloElement(xml);
  const capabilities = children(child(root, 'capabilities'), 'capability').map((c) => c.text.trim());
  if (![BASE_1_0, LEGACY_BASE_1_0, BASE_1_1].some((b) => capabilities.includes(b))) {
    throw new TransportError(
      `NETCONF server hello advertises no base capability (got ${capabilities.join(', ') || 'none'})`,
      { code: 'netconf-hello' },
    );
  }
  const idText = child(root, 'session-id')?.text.trim();
  const sessionId = idText !== undefined && /^\d+$/.test(idText) ? Number(idText) : undefined;
  return { capabilities, sessionId };
}

/** Chunked framing iff both sides advertise base:1.1 (RFC 6242 §4.1, ncclient's rule); else EOM. */
export function negotiateFraming(client: readonly string[], server: readonly string[]): FramingMode {
  return client.includes(BASE_1_1) && server.includes(BASE_1_1) ? 'chunked' : 'eom';
}
