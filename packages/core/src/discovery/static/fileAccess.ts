import { watch } from 'node:fs';
import { FILE_LIMITS, readBoundedText } from '../../files/boundedRead.js';

/** A running directory watch. */
export interface WatchHandle {
  close(): void;
}

/** File-system access of the static file source (injected so tests can drive it). */
export interface StaticFileAccess {
  /** Reads the whole file as UTF-8 (bounded). Rejects on any I/O error, a non-regular file or one too large. */
  readFile(path: string): Promise<string>;
  /**
   * Watches `dir` and calls `onEvent` on any change inside it (a rename or symlink swap of the
   * file too, as Kubernetes ConfigMap volumes do) and `onError` when the watch breaks. Throws when
   * the platform cannot watch the directory.
   */
  watchDir(dir: string, onEvent: () => void, onError: (error: Error) => void): WatchHandle;
}

/** {@link StaticFileAccess} on `node:fs`. */
export const nodeFileAccess: StaticFileAccess = {
  readFile: (path) => readBoundedText(path, { maxBytes: FILE_LIMITS.configuration, what: 'static peer list' }),
  watchDir(dir, onEvent, onError) {
    const watcher = watch(dir, { persistent: false }, () => onEvent());
    watcher.on('error', onError);
    return { close: () => watcher.close() };
  },
};
