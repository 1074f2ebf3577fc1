import type { JunosEdit } from './edits.js';
import { JUNOS_KEYED, JUNOS_VALUED, type JunosWord } from './junosWords.js';
import { escapeXml } from '@meshrr/core';

const KEYED = JUNOS_KEYED;
const VALUED = JUNOS_VALUED;

interface XmlNode {
  readonly tag: string;
  readonly key?: string;
  readonly text?: string;
  readonly op?: 'delete' | 'activate';
  readonly children: XmlNode[];
}

const plain = (word: JunosWord): string => (typeof word === 'string' ? word : word.quoted);

function insert(root: XmlNode, edit: JunosEdit): void {
  let node = root;
  const path = edit.path.map(plain);
  const op = edit.op === 'set' ? undefined : edit.op;
  for (let i = 0; i < path.length;) {
    const tag = path[i] as string;
    const takesWord = KEYED.has(tag) || VALUED.has(tag);
    const word = takesWord ? path[i + 1] : undefined;
    i += word === undefined ? 1 : 2;
    const last = i >= path.length;
    const key = KEYED.has(tag) ? word : undefined;
    const text = VALUED.has(tag) ? word : undefined;
    if (last) {
      node.children.push({ tag, key, text, op, children: [] });
      return;
    }
    let next = node.children.find((c) => c.tag === tag && c.key === key && c.op === undefined && c.text === undefined);
    if (next === undefined) {
      next = { tag, key, children: [] };
      node.children.push(next);
    }
    node = next;
  }
}

function serialize(node: XmlNode, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  const attr = node.op === 'delete' ? ' operation="delete"' : node.op === 'activate' ? ' active="active"' : '';
  if (node.text !== undefined) {
    out.push(`${pad}<${node.tag}${attr}>${escapeXml(node.text)}</${node.tag}>`);
    return;
  }
  if (node.key === undefined && node.children.length === 0) {
    out.push(`${pad}<${node.tag}${attr}/>`);
    return;
  }
  out.push(`${pad}<${node.tag}${attr}>`);
  if (node.key !== undefined) out.push(`${pad}  <name>${escapeXml(node.key)}</name>`);
  for (const child of node.children) serialize(child, depth + 1, out);
  out.push(`${pad}</${node.tag}>`);
}

/**
 * Junos XML (`<configuration>…</configuration>`, for `<load-configuration format="xml">` in merge
 * mode) equivalent to `edits`: keyed lists carry `<name>`, deletions carry `operation="delete"`,
 * re-activations `active="active"`, leaf-list values are one element per value, quoted words are
 * plain element text. Two-space indentation, ends with `\n`.
 * `<configuration/>` for no edits.
 */
export function formatJunosXml(edits: readonly JunosEdit[]): string {
  const root: XmlNode = { tag: 'configuration', children: [] };
  for (const edit of edits) insert(root, edit);
  const out: string[] = [];
  serialize(root, 0, out);
  return `${out.join('\n')}\n`;
}
