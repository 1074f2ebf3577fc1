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

/**
 * Parses Junos curly-brace configuration text into a statement tree and reports every structural
 * fault: unbalanced braces, statements not terminated by `;` or a block (a statement's words must
 * sit on one line, outside strings and lists), empty `[ ]` lists, stray `;`, unterminated strings
 * and comments, quotes glued to words. Recovers after each fault, so all faults are reported.
 * Pure; never throws.
 */
export function parseJunos(text: string): JunosParseResult {
  const { tokens, faults } = lexJunos(text);
  const issues: JunosIssue[] = faults.map((f) => ({ ...f, message: f.code === 'unterminated-string' ? 'string is not closed by "' : 'comment is not closed by */' }));
  const stack: Frame[] = [{ statements: [], pending: newPending() }];
  const issue = (code: JunosIssueCode, t: { line: number; column: number }, message: string): void => {
    issues.push({ code, line: t.line, column: t.column, message });
  };
  const flushUnterminated = (frame: Frame): void => {
    const p = frame.pending;
    const first = p.words[0] ?? p.lists[0]?.[0];
    if (first === undefined) return;
    issue('unterminated-statement', first, `statement "${describe(p)}" is not terminated by ";" or a block`);
    frame.statements.push({ words: p.words, lists: p.lists, start: p.start, end: p.end, line: first.line });
    Object.assign(p, newPending());
  };
  const note = (p: Pending, t: JunosToken): void => {
    if (p.start < 0) p.start = t.start;
    p.end = t.end;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as JunosToken;
    const frame = stack[stack.length - 1] as Frame;
    const p = frame.pending;
    if (t.kind === 'comment') continue;
    if (t.kind === 'word' || t.kind === 'string') {
      if (p.start >= 0 && t.line > p.lastLine) flushUnterminated(frame);
      const prev = tokens[i - 1];
      const next = tokens[i + 1];
      if (t.kind === 'string' && ((prev?.kind === 'word' && prev.end === t.start) || (next?.kind === 'word' && next.start === t.end))) {
        issue('quote-in-word', t, `quoted string ${t.raw} is glued to a word: a quote inside a value must be escaped`);
      }
      note(frame.pending, t);
      frame.pending.words.push(t);
      frame.pending.lastLine = endLine(t);
    } else if (t.kind === '[') {
      if (p.start >= 0 && t.line > p.lastLine) flushUnterminated(frame);
      i = readList(tokens, i, frame.pending, issue);
    } else if (t.kind === ']') {
      issue('unterminated-list', t, 'unexpected "]" without "["');
    } else if (t.kind === ';') {
      if (p.start < 0) {
        issue('empty-statement', t, 'stray ";" without a statement');
        continue;
      }
      const first = (p.words[0] ?? p.lists[0]?.[0]) as JunosToken;
      frame.statements.push({ words: p.words, lists: p.lists, start: p.start, end: t.end, line: first.line });
      Object.assign(p, newPending());
    } else if (t.kind === '{') {
      if (p.start < 0) issue('anonymous-block', t, '"{" opens a block without a statement name');
      stack.push({ statements: [], pending: newPending(), open: t });
    } else {
      flushUnterminated(frame);
      if (stack.length === 1) {
        issue('unexpected-brace', t, 'unexpected "}" without a matching "{"');
        continue;
      }
      stack.pop();
      const parent = stack[stack.length - 1] as Frame;
      const pp = parent.pending;
      const open = frame.open as JunosToken;
      const first = pp.words[0] ?? pp.lists[0]?.[0] ?? open;
      parent.statements.push({ words: pp.words, lists: pp.lists, children: frame.statements, start: pp.start < 0 ? open.start : pp.start, end: t.end, line: first.line });
      Object.assign(pp, newPending());
    }
  }
  while (stack.length > 1) {
    const frame = stack.pop() as Frame;
    flushUnterminated(frame);
    const open = frame.open as JunosToken;
    issue('unclosed-block', open, `block opened on line ${open.line} is not closed by "}"`);
    const parent = stack[stack.length - 1] as Frame;
    const pp = parent.pending;
    const first = pp.words[0] ?? pp.lists[0]?.[0] ?? open;
    parent.statements.push({ words: pp.words, lists: pp.lists, children: frame.statements, start: pp.start < 0 ? open.start : pp.start, end: text.length, line: first.line });
    Object.assign(pp, newPending());
  }
  flushUnterminated(stack[0] as Frame);
  issues.sort((a, b) => a.line - b.line || a.column - b.column);
  return { statements: (stack[0] as Frame).statements, issues };
}

function readList(
  tokens: readonly JunosToken[],
  open: number,
  p: Pending,
  issue: (code: JunosIssueCode, t: { line: number; column: number }, message: string) => void,
): number {
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
  if (values.length === 0) issue('empty-list', start, `empty list "[ ]"${p.words.length > 0 ? ` in "${describe(p)}"` : ''}: Junos rejects it; omit the statement instead`);
  if (p.start < 0) p.start = start.start;
  p.end = close?.kind === ']' ? close.end : (values[values.length - 1]?.end ?? start.end);
  p.lists.push(values);
  p.lastLine = close?.kind === ']' ? close.line : (values[values.length - 1]?.line ?? start.line);
  return i;
}
