import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

/** Absolute path of a file under `src/__fixtures__/meshrr-upstream/`. */
export function upstreamPath(relative: string): string {
  return fileURLToPath(new URL(`../__fixtures__/meshrr-upstream/${relative}`, import.meta.url));
}

/** Text of an upstream file (BOM kept, as on disk). */
export function upstreamText(relative: string): string {
  return readFileSync(upstreamPath(relative), 'utf8');
}

/** Every YAML document of a manifest, BOM stripped, as plain data. */
export function manifestDocuments(relative: string): unknown[] {
  const text = upstreamText(relative).replace(/^\uFEFF/, '');
  return parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((d) => d !== null);
}

/** `data[key]` of the first ConfigMap in the manifest that has it. Throws when none has. */
export function configMapEntry(relative: string, key: string): string {
  for (const doc of manifestDocuments(relative)) {
    const d = doc as { kind?: string; data?: Record<string, unknown> };
    if (d.kind === 'ConfigMap' && typeof d.data?.[key] === 'string') return d.data[key] as string;
  }
  throw new Error(`${relative}: no ConfigMap with data.${key}`);
}
