import { junosQuote } from '../junos/quote.js';
import type { JunosEdit } from './edits.js';
import type { JunosWord } from './junosWords.js';

/** A path word as Junos `set` text: plain words as they are, quoted words quoted. */
function wordText(word: JunosWord): string {
  return typeof word === 'string' ? word : junosQuote(word.quoted);
}

/**
 * Junos `set`/`delete`/`activate` command text of `edits`, one command per line, each line ending
 * in `\n` (empty string for no edits). The words were validated by {@link junosEdits}; only
 * quoted words (keys, times) are quoted.
 */
export function formatJunosSet(edits: readonly JunosEdit[]): string {
  return edits.map((e) => `${e.op} ${e.path.map(wordText).join(' ')}\n`).join('');
}
