import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** Absolute path of a golden file under `src/__golden__/`. */
export function goldenPath(relative: string): string {
  return fileURLToPath(new URL(`../__golden__/${relative}`, import.meta.url));
}

/**
 * Compares `actual` byte for byte with `src/__golden__/<relative>`. With `UPDATE_GOLDEN=1` it
 * (re)writes the file instead — a deliberate regeneration, to be reviewed in the diff.
 */
export function expectGolden(relative: string, actual: string): void {
  const path = goldenPath(relative);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual, 'utf8');
    return;
  }
  if (!existsSync(path))
    throw new Error(`golden file ${relative} is missing: run UPDATE_GOLDEN=1 npx vitest run and review it`);
  const expected = readFileSync(path);
  expect(
    Buffer.from(actual, 'utf8').equals(expected),
    `output differs from golden ${relative} (UPDATE_GOLDEN=1 regenerates)`,
  ).toBe(true);
  expect(actual).toBe(expected.toString('utf8'));
}
