import { access, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Does `path` exist (any type)? */
export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads a UTF-8 file, or `undefined` when it does not exist (other errors are thrown). */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
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
