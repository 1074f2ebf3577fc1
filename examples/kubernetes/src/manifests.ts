import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** One Kubernetes object of an example, with where it came from. */
export interface Manifest {
  /** Path relative to `examples/kubernetes/`. */
  readonly file: string;
  /** The use case: the first directory of `file`. */
  readonly useCase: string;
  readonly kind: string;
  readonly name: string;
  readonly body: Record<string, unknown>;
}

/** Every `*.yaml` / `*.yml` file under `root`, skipping `node_modules` and `src`. */
export function manifestFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'src' && !entry.name.startsWith('.'))
        walk(join(dir, entry.name));
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) out.push(join(dir, entry.name));
    }
  };
  walk(root);
  return out.sort();
}

/**
 * Parses a multi-document YAML file into manifests. Throws an Error naming the file and the
 * document on a YAML error or on a document that is not a Kubernetes object (apiVersion, kind,
 * metadata.name). Empty documents (a leading `---`) are skipped.
 */
export function parseManifests(root: string, path: string): Manifest[] {
  const file = relative(root, path);
  const docs = parseAllDocuments(readFileSync(path, 'utf8'), { prettyErrors: true });
  if (!Array.isArray(docs)) throw new Error(`${file}: not a YAML stream`);
  const out: Manifest[] = [];
  docs.forEach((doc, index) => {
    if (doc.errors.length > 0)
      throw new Error(`${file} document ${index + 1}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const body: unknown = doc.toJS();
    if (body === null || body === undefined) return;
    const object = body as Record<string, unknown>;
    const metadata = object['metadata'] as Record<string, unknown> | undefined;
    if (
      typeof object['apiVersion'] !== 'string' ||
      typeof object['kind'] !== 'string' ||
      typeof metadata?.['name'] !== 'string'
    ) {
      throw new Error(
        `${file} document ${index + 1}: not a Kubernetes object (apiVersion, kind and metadata.name are required)`,
      );
    }
    out.push({ file, useCase: file.split('/')[0] ?? '', kind: object['kind'], name: metadata['name'], body: object });
  });
  return out;
}

/** Reads a nested value (`get(obj, 'spec', 'template')`); undefined when any step is missing. */
export function get(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** `get` narrowed to an array (empty when absent). */
export function list(value: unknown, ...path: (string | number)[]): Record<string, unknown>[] {
  const found = get(value, ...path);
  return Array.isArray(found) ? (found as Record<string, unknown>[]) : [];
}
