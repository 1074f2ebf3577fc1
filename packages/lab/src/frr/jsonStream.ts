/**
 * Splits text holding JSON values written one after another (what vtysh prints for several `-c`
 * JSON commands) into the parsed values, in order. Only objects and arrays are expected at the top
 * level; whitespace between them is ignored.
 * @throws {SyntaxError} when a piece is not valid JSON or the text ends inside a value.
 */
export function parseJsonStream(text: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth += 1;
    } else if (c === '}' || c === ']') {
      depth -= 1;
      if (depth === 0) values.push(JSON.parse(text.slice(start, i + 1)) as unknown);
      if (depth < 0) throw new SyntaxError(`unbalanced ${c} at offset ${i}`);
    } else if (depth === 0 && c !== undefined && !/\s/.test(c)) {
      throw new SyntaxError(`unexpected ${JSON.stringify(c)} between JSON values at offset ${i}`);
    }
  }
  if (depth !== 0 || inString) throw new SyntaxError('text ends inside a JSON value');
  return values;
}
