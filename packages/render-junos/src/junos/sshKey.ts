import type { JunosStatement } from './parse.js';
import { findStatements } from './find.js';
import { junosQuote } from './quote.js';
import type { TextEdit } from './textEdit.js';

/** Path of the meshrr login key, as meshrr's init stamps it (`## SECRET-DATA` line). */
export const MESHRR_KEY_PATH = ['system', 'login', 'user', 'meshrr', 'authentication', 'ssh-ed25519'] as const;

/**
 * Edits that set every `system login user meshrr authentication ssh-ed25519` value to `publicKey`
 * (quoted for Junos; trailing `## SECRET-DATA` comments stay). Returns no edit when the statement is
 * absent; the caller decides whether that is an error.
 */
export function meshrrKeyEdits(statements: readonly JunosStatement[], publicKey: string): TextEdit[] {
  const quoted = junosQuote(publicKey, 'SSH public key');
  return findStatements(statements, MESHRR_KEY_PATH).flatMap((m) => {
    const value = m.values[0];
    if (value === undefined) return [];
    return [{ start: value.start, end: value.end, replacement: quoted }];
  });
}
