import { Parser, type CST } from 'yaml';

/**
 * The offset of the first collection nested deeper than `limit` levels in `text`, or `undefined`.
 * Runs yaml's CST parser (iterative, unlike its composer, which recurses once per level and
 * overflows the stack a few hundred levels down) and walks the tree with an explicit stack, so
 * any nesting depth is measured without recursion.
 */
export function tooDeepAt(text: string, limit: number): number | undefined {
  const stack: Array<{ token: CST.Token; depth: number }> = [];
  for (const token of new Parser().parse(text)) {
    if (token.type === 'document' && token.value !== undefined) stack.push({ token: token.value, depth: 0 });
    while (stack.length > 0) {
      const { token: node, depth } = stack.pop()!;
      if (node.type !== 'block-map' && node.type !== 'block-seq' && node.type !== 'flow-collection') continue;
      if (depth + 1 > limit) return node.offset;
      for (const item of node.items) {
        if (item.key !== undefined && item.key !== null) stack.push({ token: item.key, depth: depth + 1 });
        if (item.value !== undefined) stack.push({ token: item.value, depth: depth + 1 });
      }
    }
  }
  return undefined;
}
