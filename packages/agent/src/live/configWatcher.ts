import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FILE_LIMITS, readBoundedText, type Clock, type Logger, type TimerHandle } from '@meshrr/core';

/** Settings of {@link ConfigWatcher}. */
export interface ConfigWatcherOptions {
  /** Quiet time after the last file-system event before the files are hashed again. */
  readonly debounceMs: number;
  /** Hash the files again this often even without an event (file systems that drop events). */
  readonly pollMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Called (never concurrently) with the followed paths whose content changed, sorted. */
  readonly onChange: (changed: readonly string[]) => void | Promise<void>;
}

/** What is followed: files, and directories whose every file is followed (FRR's template directory). */
export interface FollowedPaths {
  readonly files: readonly string[];
  readonly directories?: readonly string[];
}

/**
 * Follows the content of the files the agent reads (meshrr.conf.yml, templates, key files).
 * It watches their **directories**, not the files: a Kubernetes ConfigMap or Secret volume updates
 * by swapping the `..data` symlink, which a watch on the file itself never sees, and editors replace
 * files by rename. Any event starts a `debounceMs` quiet timer (events reset it); then every
 * followed file is read and hashed (SHA-256 of its content; a missing or unreadable file has its
 * own marker), and `onChange` receives the paths whose hash differs from the last one seen. Events
 * that change no content (a touch, a swap to identical data, the agent's own reads) call nothing.
 * Every `pollMs` the files are hashed again regardless, for file systems that drop events.
 */
export class ConfigWatcher {
  readonly #options: ConfigWatcherOptions;
  #paths: FollowedPaths = { files: [] };
  #hashes = new Map<string, string>();
  readonly #watchers = new Map<string, FSWatcher>();
  #debounce: TimerHandle | undefined;
  #poll: TimerHandle | undefined;
  #checking: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: ConfigWatcherOptions) {
    this.#options = options;
  }

  /** The followed paths with the hash last seen of each (for tests and logs; no content). */
  get followed(): ReadonlyMap<string, string> {
    return this.#hashes;
  }

  /**
   * Follows `paths` from now on (replacing what was followed): their current content is the
   * baseline, so only later changes are reported.
   */
  async follow(paths: FollowedPaths): Promise<void> {
    this.#paths = paths;
    this.#hashes = await this.#hashAll();
    const directories = new Set([...paths.files.map((f) => dirname(f)), ...(paths.directories ?? [])]);
    for (const [dir, watcher] of this.#watchers)
      if (!directories.has(dir)) {
        watcher.close();
        this.#watchers.delete(dir);
      }
    for (const dir of directories) if (!this.#watchers.has(dir)) this.#watch(dir);
    this.#schedulePoll();
  }

  /** Stops every watch and timer. */
  close(): void {
    this.#closed = true;
    this.#debounce?.cancel();
    this.#poll?.cancel();
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
  }

  /** Hashes the files now and reports changes (what the debounce timer does); for SIGHUP-free tests. */
  checkNow(): Promise<void> {
    this.#checking = this.#checking.then(() => this.#check());
    return this.#checking;
  }

  #watch(dir: string): void {
    try {
      const watcher = watch(dir, { persistent: false }, () => this.#event());
      watcher.on('error', (error) => {
        this.#options.logger.warn({ dir, err: error }, 'configuration watch failed; polling only');
        watcher.close();
        this.#watchers.delete(dir);
      });
      this.#watchers.set(dir, watcher);
    } catch (error) {
      this.#options.logger.warn({ dir, err: error }, 'cannot watch this directory; polling only');
    }
  }

  #event(): void {
    if (this.#closed) return;
    this.#debounce?.cancel();
    this.#debounce = this.#options.clock.setTimer(this.#options.debounceMs, () => {
      this.#debounce = undefined;
      void this.checkNow();
    });
  }

  #schedulePoll(): void {
    this.#poll?.cancel();
    if (this.#closed || this.#options.pollMs <= 0) return;
    this.#poll = this.#options.clock.setTimer(this.#options.pollMs, () => {
      void this.checkNow().finally(() => this.#schedulePoll());
    });
  }

  async #check(): Promise<void> {
    if (this.#closed) return;
    const now = await this.#hashAll();
    const changed = [...new Set([...now.keys(), ...this.#hashes.keys()])]
      .filter((path) => now.get(path) !== this.#hashes.get(path))
      .sort();
    this.#hashes = now;
    if (changed.length === 0 || this.#closed) return;
    try {
      await this.#options.onChange(changed);
    } catch (error) {
      this.#options.logger.error({ err: error, changed }, 'handling a configuration change failed');
    }
  }

  async #hashAll(): Promise<Map<string, string>> {
    const files = new Set(this.#paths.files);
    for (const dir of this.#paths.directories ?? []) for (const file of await filesIn(dir)) files.add(file);
    const hashes = new Map<string, string>();
    for (const file of [...files].sort()) hashes.set(file, await hashOf(file));
    return hashes;
  }
}

/** The regular-looking entries of `dir` (hidden `..data`-style entries skipped), or none. */
async function filesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => !name.startsWith('.')).map((name) => join(dir, name));
  } catch {
    return [];
  }
}

/** SHA-256 of the file's content, or a marker saying why it could not be read. */
async function hashOf(path: string): Promise<string> {
  try {
    const text = await readBoundedText(path, { maxBytes: FILE_LIMITS.configuration, what: 'followed file' });
    return createHash('sha256').update(text).digest('hex');
  } catch (error) {
    return (error as { missing?: boolean }).missing === true ? 'missing' : 'unreadable';
  }
}
