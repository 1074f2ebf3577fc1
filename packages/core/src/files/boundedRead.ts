import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { MeshrrError } from '../api/errors.js';

/**
 * A file meshrr reads could not be used: it is missing or unreadable, not a regular file (a
 * device such as `/dev/zero`, a FIFO, a directory, a socket) or larger than the limit for what it
 * holds. The message names the file and what it was for. Code `file-read`.
 */
export class FileReadError extends MeshrrError {
  /** The path as given. */
  readonly path: string;
  /** True when the file does not exist (callers with a default may go on without it). */
  readonly missing: boolean;

  constructor(path: string, message: string, options?: { cause?: unknown; missing?: boolean }) {
    super('file-read', message, options);
    this.path = path;
    this.missing = options?.missing ?? false;
  }
}

/** What is read and how much of it may be. */
export interface BoundedReadOptions {
  /** Largest size accepted, in bytes. */
  readonly maxBytes: number;
  /** What the file holds, for messages: `configuration file`, `resolv.conf`, `SSH private key`. */
  readonly what: string;
  /** A further check of the open file's metadata (e.g. a private key's mode): the problem, or `undefined`. */
  readonly checkStats?: (stats: Stats) => string | undefined;
}

/**
 * O_NONBLOCK: opening a FIFO for reading would otherwise block until a writer appears (a hang);
 * with it the open returns at once and the type check below refuses the FIFO. O_NOCTTY: a
 * terminal device never becomes the controlling terminal.
 */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function mebibytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function refuseStats(path: string, stats: Stats, options: BoundedReadOptions): FileReadError | undefined {
  if (!stats.isFile())
    return new FileReadError(path, `${options.what} ${path} is ${kindOf(stats)}, not a regular file`);
  if (stats.size > options.maxBytes)
    return new FileReadError(
      path,
      `${options.what} ${path} is larger than ${mebibytes(options.maxBytes)} (${stats.size} bytes)`,
    );
  const problem = options.checkStats?.(stats);
  return problem === undefined ? undefined : new FileReadError(path, `${options.what} ${path} ${problem}`);
}

function tooLarge(path: string, options: BoundedReadOptions): FileReadError {
  return new FileReadError(path, `${options.what} ${path} is larger than ${mebibytes(options.maxBytes)}`);
}

function osError(path: string, options: BoundedReadOptions, error: unknown): FileReadError {
  if (error instanceof FileReadError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})`;
  return new FileReadError(path, `${options.what} ${path} ${reason}`, { cause: error, missing: code === 'ENOENT' });
}

/**
 * Reads a regular file of at most `maxBytes` as bytes. Refuses, without reading, anything that is
 * not a regular file (so `/dev/zero`, `/dev/urandom`, a FIFO or a directory fail at once) and a
 * file whose size is over the limit; stops reading past the limit when the size lied (`/proc`).
 * @throws {FileReadError} naming the file and what it was for.
 */
export function readBoundedFileSync(path: string, options: BoundedReadOptions): Buffer {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    throw osError(path, options, error);
  }
  try {
    const refused = refuseStats(path, fstatSync(fd), options);
    if (refused !== undefined) throw refused;
    const buffer = Buffer.allocUnsafe(Math.min(options.maxBytes + 1, 64 * 1024));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      total += n;
      if (total > options.maxBytes) throw tooLarge(path, options);
      chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    throw osError(path, options, error);
  } finally {
    closeSync(fd);
  }
}

/** {@link readBoundedFileSync} decoded as UTF-8. */
export function readBoundedTextSync(path: string, options: BoundedReadOptions): string {
  return readBoundedFileSync(path, options).toString('utf8');
}

/** {@link readBoundedFileSync}, without blocking the event loop. */
export async function readBoundedFile(path: string, options: BoundedReadOptions): Promise<Buffer> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    throw osError(path, options, error);
  }
  try {
    const refused = refuseStats(path, await handle.stat(), options);
    if (refused !== undefined) throw refused;
    const buffer = Buffer.allocUnsafe(Math.min(options.maxBytes + 1, 64 * 1024));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > options.maxBytes) throw tooLarge(path, options);
      chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    throw osError(path, options, error);
  } finally {
    await handle.close();
  }
}

/** {@link readBoundedFile} decoded as UTF-8. */
export async function readBoundedText(path: string, options: BoundedReadOptions): Promise<string> {
  return (await readBoundedFile(path, options)).toString('utf8');
}

/**
 * Checks, without reading it, that `path` could be read by {@link readBoundedFileSync}: returns
 * the problem, or `undefined` when it is a regular file within the limit. `missing` tells a file
 * that does not exist apart (validate warns about it: it may exist only inside the pod).
 */
export function checkBoundedFile(
  path: string,
  options: BoundedReadOptions,
): { ok: true } | { ok: false; missing: boolean; error: FileReadError } {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    return {
      ok: false,
      missing: (error as NodeJS.ErrnoException).code === 'ENOENT',
      error: osError(path, options, error),
    };
  }
  try {
    const refused = refuseStats(path, fstatSync(fd), options);
    return refused === undefined ? { ok: true } : { ok: false, missing: false, error: refused };
  } finally {
    closeSync(fd);
  }
}

/** Size limits of the files meshrr reads, by kind (documented in docs/safety.md). */
export const FILE_LIMITS = {
  /** meshrr.conf.yml, static peer lists, lab topologies. */
  configuration: 16 * 1024 * 1024,
  /** Junos/FRR templates, an existing juniper.conf, the dry-run device state. */
  template: 16 * 1024 * 1024,
  /** resolv.conf, namespace and token files, keys, certificates, known_hosts. */
  small: 1024 * 1024,
} as const;

/**
 * The rule OpenSSH applies to private keys: refused when the group or others have any access
 * (`mode & 0o077`), because another local user could read it or swap it. Use as `checkStats`.
 * The message says how to fix it, including for a Kubernetes Secret volume.
 */
export function privateKeyModeProblem(stats: Stats): string | undefined {
  const mode = stats.mode & 0o777;
  if ((mode & 0o077) === 0) return undefined;
  return `is accessible by group or others (mode ${mode.toString(8).padStart(4, '0')}): chmod 600 it (from a Kubernetes Secret: defaultMode: 0400 and no fsGroup), or let meshrr init create it`;
}
