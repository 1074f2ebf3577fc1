import type { JunosEdit } from './edits.js';

/**
 * Junos `set`/`delete` command text of `edits`, one command per line, each line ending in `\n`
 * (empty string for no edits). The words were validated by {@link junosEdits}; none needs quoting.
 */
export function formatJunosSet(edits: readonly JunosEdit[]): string {
  return edits.map((e) => `${e.op} ${e.path.join(' ')}\n`).join('');
}
