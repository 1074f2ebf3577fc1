/** Replace `text[start, end)` with `replacement`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

/** Applies non-overlapping edits (any order) and returns the new text. Throws on overlapping edits. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) throw new RangeError(`overlapping text edits at offset ${e.start}`);
    out += text.slice(at, e.start) + e.replacement;
    at = e.end;
  }
  return out + text.slice(at);
}

/**
 * An edit that removes `text[start, end)`; when that range is alone on its line(s) (only blanks
 * before it, only blanks or a `#` comment after it) the whole line(s) go, newline included.
 */
export function removalEdit(text: string, start: number, end: number): TextEdit {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  const lineEnd = nl < 0 ? text.length : nl;
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd);
  if (/^[ \t]*$/.test(before) && /^[ \t]*(#.*)?$/.test(after)) {
    return { start: lineStart, end: nl < 0 ? text.length : nl + 1, replacement: '' };
  }
  return { start, end, replacement: '' };
}
