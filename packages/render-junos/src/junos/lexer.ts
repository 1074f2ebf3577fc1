/** Kinds of token in Junos curly-brace configuration text. */
export type JunosTokenKind = 'word' | 'string' | '{' | '}' | ';' | '[' | ']' | 'comment';

/** One token with its place in the text (1-based line and column, 0-based offsets, `end` exclusive). */
export interface JunosToken {
  readonly kind: JunosTokenKind;
  /** The text exactly as written (quotes and escapes included). */
  readonly raw: string;
  /** For `string` tokens the unescaped content; otherwise `raw`. */
  readonly value: string;
  readonly line: number;
  readonly column: number;
  readonly start: number;
  readonly end: number;
}

/** A lexical fault: an unterminated string or comment. */
export interface JunosLexFault {
  readonly code: 'unterminated-string' | 'unterminated-comment';
  readonly line: number;
  readonly column: number;
}

/** Tokens of a text plus the lexical faults found. */
export interface JunosLexResult {
  readonly tokens: readonly JunosToken[];
  readonly faults: readonly JunosLexFault[];
}

const PUNCTUATION = new Set(['{', '}', ';', '[', ']']);
const WORD_END = /[\s{};[\]"]/;

/**
 * Splits Junos configuration text into tokens: bare words, quoted strings (backslash escapes),
 * punctuation, and comments (`/* ... *\/` and `#` to end of line when `#` starts a token, as in
 * `## SECRET-DATA`). Never throws; unterminated strings and comments are reported as faults and
 * run to the end of the text.
 */
export function lexJunos(text: string): JunosLexResult {
  const tokens: JunosToken[] = [];
  const faults: JunosLexFault[] = [];
  const position = positionFinder(text);
  const push = (kind: JunosTokenKind, start: number, end: number, value?: string): void => {
    const raw = text.slice(start, end);
    tokens.push({ kind, raw, value: value ?? raw, start, end, ...position(start) });
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) faults.push({ code: 'unterminated-comment', ...position(i) });
      const end = close < 0 ? text.length : close + 2;
      push('comment', i, end);
      i = end;
    } else if (c === '#') {
      const nl = text.indexOf('\n', i);
      const end = nl < 0 ? text.length : nl;
      push('comment', i, end);
      i = end;
    } else if (c === '"') {
      const { end, value, closed } = readString(text, i);
      if (!closed) faults.push({ code: 'unterminated-string', ...position(i) });
      push('string', i, end, value);
      i = end;
    } else if (PUNCTUATION.has(c)) {
      push(c as JunosTokenKind, i, i + 1);
      i++;
    } else {
      let end = i + 1;
      while (end < text.length && !WORD_END.test(text[end] as string)) end++;
      push('word', i, end);
      i = end;
    }
  }
  return { tokens, faults };
}

/** Maps an offset of `text` to its 1-based line and column (binary search over line starts). */
function positionFinder(text: string): (offset: number) => { line: number; column: number } {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
  };
}

function readString(text: string, start: number): { end: number; value: string; closed: boolean } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
    } else if (c === '"') {
      return { end: i + 1, value, closed: true };
    } else {
      value += c;
      i++;
    }
  }
  return { end: text.length, value, closed: false };
}
