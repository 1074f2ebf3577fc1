import type { IncrementalChange, RenderedChange } from '../api/renderer.js';

/**
 * A {@link RenderedChange} whose `digest` (sha256 of `body`, hex) is computed on first read and
 * kept: commands that never read it (a text `plan`) never load node:crypto, which costs start-up
 * time. The digest is an enumerable property like any other (JSON output includes it).
 * `incremental`, when given, is carried as is (see {@link RenderedChange.incremental}).
 */
export function renderedChange(
  platform: string,
  format: string,
  body: string,
  incremental?: IncrementalChange,
): RenderedChange {
  let digest: string | undefined;
  return {
    platform,
    format,
    body,
    get digest(): string {
      digest ??= process.getBuiltinModule('node:crypto').createHash('sha256').update(body, 'utf8').digest('hex');
      return digest;
    },
    ...(incremental === undefined ? {} : { incremental }),
  };
}
