import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { TransportError } from '@meshrr/core';

/**
 * The files of one BIRD configuration: the file BIRD runs from, the candidate checked before a
 * change (same directory, so relative includes resolve alike) and the copy of the previous file
 * that exists exactly while a change is unconfirmed (the marker an agent restart rolls back).
 */
export class BirdConfigFiles {
  readonly config: string;
  readonly candidate: string;
  readonly previous: string;

  constructor(config: string) {
    this.config = config;
    this.candidate = `${config}.meshrr-candidate`;
    this.previous = `${config}.meshrr-previous`;
  }

  /** The text of `path`, or undefined when it does not exist. @throws {TransportError} for other faults. */
  async read(path: string): Promise<string | undefined> {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new TransportError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Writes `text` to `path` atomically (temporary file in the same directory, then rename). */
  async write(path: string, text: string): Promise<void> {
    const temp = join(dirname(path), `.meshrr-${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(temp, text, { mode: 0o644 });
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw new TransportError(`cannot write ${path}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Moves `from` over `to` (atomic within one directory). */
  async move(from: string, to: string): Promise<void> {
    try {
      await rename(from, to);
    } catch (error) {
      throw new TransportError(`cannot move ${from} to ${to}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Removes `path` if it exists. */
  async remove(path: string): Promise<void> {
    try {
      await rm(path, { force: true });
    } catch (error) {
      throw new TransportError(`cannot remove ${path}: ${(error as Error).message}`, { cause: error });
    }
  }
}

function nonBlank(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** The lines of `from` that `against` does not have (as many times as `from` has them more often). */
function linesMissing(from: readonly string[], against: readonly string[]): string[] {
  const available = new Map<string, number>();
  for (const line of against) available.set(line, (available.get(line) ?? 0) + 1);
  return from.filter((line) => {
    const left = available.get(line) ?? 0;
    if (left > 0) available.set(line, left - 1);
    return left === 0;
  });
}

/**
 * What a new file changes in an old one, line by line as multisets (`- line` removed, `+ line`
 * added, each in file order): BIRD has no diff of its own, and a whole-file reload makes line order
 * immaterial. Empty when the texts hold the same (non-blank) lines.
 */
export function lineDiff(before: string, after: string): string {
  const old = nonBlank(before);
  const neu = nonBlank(after);
  return [...linesMissing(old, neu).map((l) => `- ${l}`), ...linesMissing(neu, old).map((l) => `+ ${l}`)].join('\n');
}
