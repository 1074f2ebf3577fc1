import { junosQuote } from '../junos/quote.js';
import type { JunosEdit } from './statementEdits.js';
import { JUNOS_KEYED as KEYED, JUNOS_VALUED as VALUED, type JunosWord } from './junosWords.js';

/** Containers shown with their child on one header line (`family inet { … }`, one block per child). */
const FLAT = new Set(['family']);
/** Leaves that take every remaining word (`teardown idle-timeout 5;`). */
const REST = new Set(['teardown']);
/** Leaf-lists: several values of one statement become `allow [ a b ];`. */
const LISTS = new Set(['allow', 'members']);

interface Node {
  readonly header: string;
  readonly children: Node[];
  /** Leaf statements (`cluster 10.0.0.1`, `no-nexthop-change`) in order. */
  readonly leaves: string[];
}

const text = (word: JunosWord): string => (typeof word === 'string' ? word : junosQuote(word.quoted));

function child(node: Node, header: string): Node {
  let found = node.children.find((c) => c.header === header);
  if (found === undefined) {
    found = { header, children: [], leaves: [] };
    node.children.push(found);
  }
  return found;
}

function insert(root: Node, path: readonly JunosWord[]): void {
  let node = root;
  let i = 0;
  while (i < path.length) {
    const word = text(path[i]!);
    const rest = path.slice(i + 1).map(text);
    if (REST.has(word) || rest.length === 0) {
      node.leaves.push([word, ...rest].join(' '));
      return;
    }
    if (KEYED.has(word) || FLAT.has(word)) {
      if (rest.length === 1 && KEYED.has(word)) {
        child(node, `${word} ${rest[0]!}`);
        return;
      }
      if (rest.length === 1) {
        node.leaves.push(`${word} ${rest[0]!}`);
        return;
      }
      node = child(node, `${word} ${rest[0]!}`);
      i += 2;
      continue;
    }
    if (VALUED.has(word) && rest.length === 1) {
      node.leaves.push(`${word} ${rest[0]!}`);
      return;
    }
    node = child(node, word);
    i += 1;
  }
}

/** Merges repeated leaf-list statements (`allow a`, `allow b`) into `allow [ a b ]`. */
function mergeLists(leaves: readonly string[]): string[] {
  const out: string[] = [];
  const lists = new Map<string, string[]>();
  for (const leaf of leaves) {
    const [word, ...rest] = leaf.split(' ');
    if (word !== undefined && LISTS.has(word) && rest.length === 1) {
      const values = lists.get(word);
      if (values === undefined) {
        lists.set(word, rest);
        out.push(`\u0000${word}`);
      } else values.push(rest[0]!);
      continue;
    }
    out.push(leaf);
  }
  return out.map((leaf) => {
    if (!leaf.startsWith('\u0000')) return leaf;
    const word = leaf.slice(1);
    const values = lists.get(word)!;
    return values.length === 1 ? `${word} ${values[0]!}` : `${word} [ ${values.join(' ')} ]`;
  });
}

function render(node: Node, depth: number, out: string[]): void {
  const pad = '    '.repeat(depth);
  const headers = new Set(node.children.map((c) => c.header));
  for (const leaf of mergeLists([...new Set(node.leaves)])) if (!headers.has(leaf)) out.push(`${pad}${leaf};`);
  for (const c of node.children) {
    if (c.children.length === 0 && c.leaves.length === 0) {
      out.push(`${pad}${c.header};`);
      continue;
    }
    out.push(`${pad}${c.header} {`);
    render(c, depth + 1, out);
    out.push(`${pad}}`);
  }
}

/**
 * The `set` edits of `edits` as Junos curly-brace text (as `show configuration` prints it): keyed
 * elements as `group G {`, `family inet {` blocks, leaves terminated by `;`, repeated `allow` /
 * `members` values as one `[ … ]` list, quoted words quoted. `stripPrefix` words are removed from
 * the front of every path (so a group's statements can be written inside the group's block), and
 * every line is indented by `indent` spaces. Other operations are ignored. Deterministic.
 */
export function formatJunosCurly(
  edits: readonly JunosEdit[],
  stripPrefix: readonly string[] = [],
  indent = 0,
): string[] {
  const root: Node = { header: '', children: [], leaves: [] };
  for (const edit of edits) {
    if (edit.op !== 'set') continue;
    const prefixOk = stripPrefix.every((w, i) => edit.path[i] === w);
    if (!prefixOk) continue;
    insert(root, edit.path.slice(stripPrefix.length));
  }
  const out: string[] = [];
  render(root, 0, out);
  const pad = ' '.repeat(indent);
  return out.map((line) => `${pad}${line}`);
}
