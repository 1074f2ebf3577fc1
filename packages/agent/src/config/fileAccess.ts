import { access, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FILE_LIMITS, readBoundedText } from '@meshrr/core';

/** Does `path` exist (any type)? */
export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a UTF-8 file, bounded (at most `maxBytes`; a device, FIFO or directory is refused at once),
 * or `undefined` when it does not exist. Other problems throw a `FileReadError` naming the file
 * and `what` it holds.
 */
export async function readIfExists(
  path: string,
  what: string,
  maxBytes: number = FILE_LIMITS.template,
): Promise<string | undefined> {
  try {
    return await readBoundedText(path, { maxBytes, what });
  } catch (error) {
    if ((error as { missing?: boolean }).missing === true) return undefined;
    throw error;
  }
}

/**
 * Writes `text` to `path` atomically: a temporary file in the same directory, then rename, so a
 * reader (cRPD at start) never sees half a file.
 */
export async function writeFileAtomic(path: string, text: string, mode = 0o600): Promise<void> {
  const temp = join(dirname(path), `.${process.getBuiltinModule('node:crypto').randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temp, text, { mode });
  await rename(temp, path);
}
