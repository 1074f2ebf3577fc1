import { TransportError } from '@meshrr/core';

/**
 * The byte stream violates RFC 6242 framing (bad chunk header, oversized message). The session
 * cannot resynchronise after this, so it is a {@link TransportError}: the caller drops the session.
 */
export class FramingError extends TransportError {
  constructor(message: string) {
    super(`NETCONF framing error: ${message}`, { code: 'netconf-framing' });
  }
}
