/** One element of a parsed XML document (test helper). */
export interface XmlNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlNode[];
  text: string;
}

const TAG = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<&]*")*)\s*(\/?)>/y;

/**
 * A strict little XML parser for tests: elements, attributes in double quotes, text with the
 * five predefined entities; throws on anything unbalanced or malformed (no comments, no
 * declarations). Returns the root element.
 */
export function parseXml(text: string): XmlNode {
  const root: XmlNode = { name: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt < 0 ? text.length : lt);
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(chunk)) throw new Error(`bad entity near ${i}`);
    stack[stack.length - 1]!.text += chunk
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(text);
    if (m === null) throw new Error(`malformed tag at ${lt}: ${text.slice(lt, lt + 40)}`);
    const [, close, name, attrText, selfClose] = m;
    if (close === '/') {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name!}> closes <${open?.name ?? '?'}>`);
    } else {
      const attrs = Object.fromEntries(
        [...(attrText ?? '').matchAll(/([\w:.-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]),
      );
      const node: XmlNode = { name: name!, attrs, children: [], text: '' };
      stack[stack.length - 1]!.children.push(node);
      if (selfClose !== '/') stack.push(node);
    }
    i = TAG.lastIndex;
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  const [top] = root.children;
  if (top === undefined || root.children.length !== 1 || root.text.trim() !== '')
    throw new Error('not one root element');
  return top;
}
