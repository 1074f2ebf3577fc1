import { lexJunos, type JunosToken } from './lexer.js';

/** What is wrong, as a stable code. */
export type JunosIssueCode =
  | 'unterminated-string'
  | 'unterminated-comment'
  | 'unterminated-statement'
  | 'unterminated-list'
  | 'empty-list'
  | 'empty-statement'
  | 'anonymous-block'
  | 'unexpected-brace'
  | 'unclosed-block'
  | 'quote-in-word';

/** One structural fault of Junos curly-brace text, with its 1-based place. */
export interface JunosIssue {
  readonly code: JunosIssueCode;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** A statement: its words (bare and quoted), `[ ]` lists, and children when it opens a block. */
export interface JunosStatement {
  readonly words: readonly JunosToken[];
  readonly lists: readonly (readonly JunosToken[])[];
  /** Present for `name { ... }` statements. */
  readonly children?: readonly JunosStatement[];
  /** Offset of the first word and offset just past the `;` or closing `}` (or last word when unterminated). */
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

/** A parsed text: top-level statements and every structural issue found. */
export interface JunosParseResult {
  readonly statements: readonly JunosStatement[];
  readonly issues: readonly JunosIssue[];
}

interface Pending {
  words: JunosToken[];
  lists: JunosToken[][];
  lastLine: number;
  start: number;
  end: number;
}

interface Frame {
  readonly statements: JunosStatement[];
  readonly pending: Pending;
  readonly open?: JunosToken;
}

const newPending = (): Pending => ({ words: [], lists: [], lastLine: 0, start: -1, end: -1 });
const endLine = (t: JunosToken): number => t.line + (t.raw.match(/\n/g)?.length ?? 0);
const describe = (p: Pending): string => p.words.map((w) => w.raw).join(' ');

type Report = (code: JunosIssueCode, t: { line: number; column: number }, message: string) => void;

/** Parser state: the stack of open blocks (the root frame at the bottom) and the issues so far. */
class TreeBuilder {
  readonly stack: Frame[] = [{ statements: [], pending: newPending() }];
  readonly issues: JunosIssue[] = [];
  readonly report: Report = (code, t, message) => {
    this.issues.push({ code, line: t.line, column: t.column, message });
  };

  get top(): Frame {
    return this.stack[this.stack.length - 1] as Frame;
  }

  /** Ends the pending words of `frame` as a statement missing its terminator. */
  flushUnterminated(frame: Frame): void {
    const p = frame.pending;
    const first = p.words[0] ?? p.lists[0]?.[0];
    if (first === undefined) return;
    this.report('unterminated-statement', first, `statement "${describe(p)}" is not terminated by ";" or a block`);
    frame.statements.push({ words: p.words, lists: p.lists, start: p.start, end: p.end, line: first.line });
    Object.assign(p, newPending());
  }

  word(t: JunosToken, prev: JunosToken | undefined, next: JunosToken | undefined): void {
    const p = this.top.pending;
    if (p.start >= 0 && t.line > p.lastLine) this.flushUnterminated(this.top);
    if (
      t.kind === 'string' &&
      ((prev?.kind === 'word' && prev.end === t.start) || (next?.kind === 'word' && next.start === t.end))
    ) {
      this.report(
        'quote-in-word',
        t,
        `quoted string ${t.raw} is glued to a word: a quote inside a value must be escaped`,
      );
    }
    if (p.start < 0) p.start = t.start;
    p.end = t.end;
    p.words.push(t);
    p.lastLine = endLine(t);
  }

  semicolon(t: JunosToken): void {
    const p = this.top.pending;
    const first = p.words[0] ?? p.lists[0]?.[0];
    if (first === undefined) {
      this.report('empty-statement', t, 'stray ";" without a statement');
      return;
    }
    this.top.statements.push({ words: p.words, lists: p.lists, start: p.start, end: t.end, line: first.line });
    Object.assign(p, newPending());
  }

  open(t: JunosToken): void {
    if (this.top.pending.start < 0) this.report('anonymous-block', t, '"{" opens a block without a statement name');
    this.stack.push({ statements: [], pending: newPending(), open: t });
  }

  /** Closes the innermost block at offset `end` (a `}` or the end of the text). */
  close(end: number): void {
    const frame = this.stack.pop() as Frame;
    const open = frame.open as JunosToken;
    const pp = this.top.pending;
    const first = pp.words[0] ?? pp.lists[0]?.[0] ?? open;
    this.top.statements.push({
      words: pp.words,
      lists: pp.lists,
      children: frame.statements,
      start: pp.start < 0 ? open.start : pp.start,
      end,
      line: first.line,
    });
    Object.assign(pp, newPending());
  }

  closeBrace(t: JunosToken): void {
    this.flushUnterminated(this.top);
    if (this.stack.length === 1) this.report('unexpected-brace', t, 'unexpected "}" without a matching "{"');
    else this.close(t.end);
  }

  finish(textLength: number): void {
    while (this.stack.length > 1) {
      this.flushUnterminated(this.top);
      const open = this.top.open as JunosToken;
      this.report('unclosed-block', open, `block opened on line ${open.line} is not closed by "}"`);
      this.close(textLength);
    }
    this.flushUnterminated(this.top);
    this.issues.sort((a, b) => a.line - b.line || a.column - b.column);
  }
}

/**
 * Parses Junos curly-brace configuration text into a statement tree and reports every structural
 * fault: unbalanced braces, statements not terminated by `;` or a block (a statement's words must
 * sit on one line, outside strings and lists), empty `[ ]` lists, stray `;`, unterminated strings
 * and comments, quotes glued to words. Recovers after each fault, so all faults are reported.
 * Pure; never throws.
 */
export function parseJunos(text: string): JunosParseResult {
  const { tokens, faults } = lexJunos(text);
  const b = new TreeBuilder();
  for (const f of faults)
    b.report(f.code, f, f.code === 'unterminated-string' ? 'string is not closed by "' : 'comment is not closed by */');
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as JunosToken;
    if (t.kind === 'word' || t.kind === 'string') b.word(t, tokens[i - 1], tokens[i + 1]);
    else if (t.kind === '[') {
      const p = b.top.pending;
      if (p.start >= 0 && t.line > p.lastLine) b.flushUnterminated(b.top);
      i = readList(tokens, i, b.top.pending, b.report);
    } else if (t.kind === ']') b.report('unterminated-list', t, 'unexpected "]" without "["');
    else if (t.kind === ';') b.semicolon(t);
    else if (t.kind === '{') b.open(t);
    else if (t.kind === '}') b.closeBrace(t);
  }
  b.finish(text.length);
  return { statements: (b.stack[0] as Frame).statements, issues: b.issues };
}

function readList(tokens: readonly JunosToken[], open: number, p: Pending, issue: Report): number {
  const start = tokens[open] as JunosToken;
  const values: JunosToken[] = [];
  let i = open + 1;
  for (; i < tokens.length; i++) {
    const t = tokens[i] as JunosToken;
    if (t.kind === 'comment') continue;
    if (t.kind === 'word' || t.kind === 'string') {
      values.push(t);
      continue;
    }
    if (t.kind === ']') break;
    issue('unterminated-list', start, `list opened by "[" is not closed by "]" before "${t.raw}"`);
    i--;
    break;
  }
  const close = tokens[i];
  if (i >= tokens.length) issue('unterminated-list', start, 'list opened by "[" is not closed by "]"');
  if (values.length === 0)
    issue(
      'empty-list',
      start,
      `empty list "[ ]"${p.words.length > 0 ? ` in "${describe(p)}"` : ''}: Junos rejects it; omit the statement instead`,
    );
  if (p.start < 0) p.start = start.start;
  p.end = close?.kind === ']' ? close.end : (values[values.length - 1]?.end ?? start.end);
  p.lists.push(values);
  p.lastLine = close?.kind === ']' ? close.line : (values[values.length - 1]?.line ?? start.line);
  return i;
}
