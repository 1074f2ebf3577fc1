/**
 * One parsed XML element, namespace-resolved. NETCONF code matches elements by `name` (the local
 * name) and, where it matters, `ns` (the namespace URI), never by the literal prefix a peer chose.
 */
export interface XmlElement {
  /** Local name (prefix removed). */
  readonly name: string;
  /** The prefix as written (`''` for none); for diagnostics only. */
  readonly prefix: string;
  /** Namespace URI the element resolves to; `undefined` when unbound (e.g. Junos fragments). */
  readonly ns: string | undefined;
  /** Attributes by local name (prefixes such as `junos:` removed; `xmlns` declarations excluded). */
  readonly attrs: ReadonlyMap<string, string>;
  /** Child elements in document order (comments and processing instructions dropped). */
  readonly children: readonly XmlElement[];
  /** Concatenated direct text content, untrimmed (entities decoded). */
  readonly text: string;
}

/** The first child named `name` (local name), or `undefined`. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/** Every child named `name` (local name), in document order. */
export function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element === undefined ? [] : element.children.filter((c) => c.name === name);
}

/** Trimmed text of the first child named `name`, or `undefined` when there is no such child. */
export function childText(element: XmlElement | undefined, name: string): string | undefined {
  const found = child(element, name);
  return found === undefined ? undefined : found.text.trim();
}

/** Every descendant (not `root` itself) named `name`, depth-first in document order. */
export function descendants(root: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    for (const c of e.children) {
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}
