import { pushAll } from '@meshrr/core';
import type { JunosToken } from './lexer.js';
import type { JunosStatement } from './parse.js';

/** A path step: a literal word or `*` (any one word). */
export type JunosPathStep = string;

/** A statement reached by a path, and the index in its `words` of the first word after the path. */
export interface JunosMatch {
  readonly statement: JunosStatement;
  readonly valueIndex: number;
  /** The words after the path (e.g. the address of `router-id 10.0.0.1`). */
  readonly values: readonly JunosToken[];
}

const PREFIXES = new Set(['inactive:', 'protect:']);

function meaningful(words: readonly JunosToken[]): { words: readonly JunosToken[]; offset: number } {
  let offset = 0;
  while (offset < words.length && PREFIXES.has((words[offset] as JunosToken).value)) offset++;
  return { words: words.slice(offset), offset };
}

/**
 * Every statement reached by `path` from `statements`, following blocks: each statement's words
 * consume steps in order (`group G { neighbor X; }` matches `group * neighbor *`). A statement matches
 * when the path ends within or at the end of its words. `inactive:`/`protect:` prefixes are skipped.
 * Pure; in text order.
 */
export function findStatements(statements: readonly JunosStatement[], path: readonly JunosPathStep[]): JunosMatch[] {
  const found: JunosMatch[] = [];
  for (const statement of statements) {
    const { words, offset } = meaningful(statement.words);
    let i = 0;
    while (i < words.length && i < path.length && (path[i] === '*' || path[i] === (words[i] as JunosToken).value)) i++;
    if (i === path.length) {
      found.push({ statement, valueIndex: offset + i, values: words.slice(i) });
    } else if (i === words.length && statement.children !== undefined) {
      pushAll(found, findStatements(statement.children, path.slice(i)));
    }
  }
  return found;
}
