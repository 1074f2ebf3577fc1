import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MeshrrError } from '@meshrr/core';
import type { XmlElement } from './xmlElement.js';

/** The text is not well-formed XML (or has no root element). Carries the parser's position. */
export class XmlSyntaxError extends MeshrrError {
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(message: string, position: { line?: number; column?: number } = {}) {
    super('xml-syntax', message);
    this.line = position.line;
    this.column = position.column;
  }
}

type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: false,
});

const splitName = (qname: string): [prefix: string, local: string] => {
  const i = qname.indexOf(':');
  return i < 0 ? ['', qname] : [qname.slice(0, i), qname.slice(i + 1)];
};

function attributesOf(node: OrderedNode): Record<string, string> {
  const raw = node[':@'];
  if (raw === null || typeof raw !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k] = typeof v === 'string' ? v : String(v);
  return out;
}

function scopeOf(attrs: Record<string, string>, parent: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  let scope: Map<string, string> | undefined;
  for (const [k, v] of Object.entries(attrs)) {
    if (k !== 'xmlns' && !k.startsWith('xmlns:')) continue;
    scope ??= new Map(parent);
    scope.set(k === 'xmlns' ? '' : k.slice(6), v);
  }
  return scope ?? parent;
}

function toElement(tag: string, node: OrderedNode, parentScope: ReadonlyMap<string, string>): XmlElement {
  const attrs = attributesOf(node);
  const scope = scopeOf(attrs, parentScope);
  const [prefix, name] = splitName(tag);
  const attrMap = new Map<string, string>();
  for (const [k, v] of Object.entries(attrs))
    if (k !== 'xmlns' && !k.startsWith('xmlns:')) attrMap.set(splitName(k)[1], v);
  const kids: XmlElement[] = [];
  let text = '';
  const body = node[tag];
  for (const item of Array.isArray(body) ? (body as OrderedNode[]) : []) {
    const key = Object.keys(item).find((k) => k !== ':@');
    if (key === undefined) continue;
    if (key === '#text') text += String(item[key]);
    else kids.push(toElement(key, item, scope));
  }
  return { name, prefix, ns: scope.get(prefix), attrs: attrMap, children: kids, text };
}

/**
 * Parses one XML document into an {@link XmlElement} tree with fast-xml-parser after checking it is
 * well-formed (XMLValidator). Comments, the XML declaration, processing instructions and a leading
 * UTF-8 BOM are skipped; leading comments (Junos puts two before `<hello>`) are fine.
 * Throws {@link XmlSyntaxError} (with line/column) when the text is not well-formed or has no
 * single root element.
 */
export function parseXml(text: string): XmlElement {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const verdict = XMLValidator.validate(source);
  if (verdict !== true) throw new XmlSyntaxError(verdict.err.msg, { line: verdict.err.line, column: verdict.err.col });
  const nodes = parser.parse(source) as OrderedNode[];
  const roots = nodes.filter((n) => Object.keys(n).some((k) => k !== ':@' && k !== '#text'));
  if (roots.length !== 1) throw new XmlSyntaxError(`expected exactly one root element, found ${roots.length}`);
  const root = roots[0] as OrderedNode;
  const tag = Object.keys(root).find((k) => k !== ':@') as string;
  return toElement(tag, root, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
}
