import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FILE_LIMITS, FileReadError, readBoundedText, type SafetyStateStore } from '@meshrr/core';

/** The file of the safety state inside the state directory. */
export const SAFETY_STATE_FILE = 'safety-state.json';

/** fsyncs a directory so a rename inside it is durable (a no-op where directories cannot be opened). */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch {
    // some filesystems refuse fsync on a directory; the rename itself is still atomic
  } finally {
    await handle.close();
  }
}

/**
 * The engine's safety state in `<dir>/safety-state.json` (`meshrr run --state-dir`). Written
 * atomically: a temporary file beside it (mode 0600), fsynced, renamed over the old one, then the
 * directory fsynced — a crash leaves the old state or the new one, never a mix. Read with a size
 * bound (`FILE_LIMITS.configuration`); the directory is created (0700) on the first write.
 */
export class FileSafetyStateStore implements SafetyStateStore {
  readonly #dir: string;
  readonly location: string;

  constructor(dir: string) {
    this.#dir = dir;
    this.location = join(dir, SAFETY_STATE_FILE);
  }

  async read(): Promise<string | undefined> {
    try {
      return await readBoundedText(this.location, {
        maxBytes: FILE_LIMITS.configuration,
        what: 'safety state (removal ledger)',
      });
    } catch (error) {
      if (error instanceof FileReadError && error.missing) return undefined;
      throw error;
    }
  }

  async write(text: string): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const temporary = `${this.location}.${process.pid}.tmp`;
    try {
      const handle = await open(temporary, 'w', 0o600);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, this.location);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      throw error;
    }
    await syncDirectory(this.#dir);
  }
}
