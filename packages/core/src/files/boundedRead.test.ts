import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBoundedFile, FileReadError, readBoundedText, readBoundedTextSync } from './boundedRead.js';

/** Issue 11 item 8: every file meshrr reads is read with a bound and fails fast naming the file. */
describe('bounded file reads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshrr-bounded-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const big = join(dir, 'big.txt');
  writeFileSync(big, 'x'.repeat(2048));
  const small = join(dir, 'small.txt');
  writeFileSync(small, 'hello\n');
  symlinkSync(small, join(dir, 'link.txt'));
  mkdirSync(join(dir, 'sub'));
  const opts = { maxBytes: 1024, what: 'test file' };

  it.each([
    ['/dev/zero', 'test file /dev/zero is a character device, not a regular file'],
    ['/dev/urandom', 'test file /dev/urandom is a character device, not a regular file'],
    [fifo, `test file ${fifo} is a FIFO, not a regular file`],
    [join(dir, 'sub'), `test file ${join(dir, 'sub')} is a directory, not a regular file`],
    [big, `test file ${big} is larger than 1 KiB (2048 bytes)`],
    [join(dir, 'missing'), `test file ${join(dir, 'missing')} does not exist`],
  ])('%s fails at once, naming the file (sync and async)', async (path, message) => {
    expect(() => readBoundedTextSync(path, opts)).toThrow(FileReadError);
    expect(() => readBoundedTextSync(path, opts)).toThrow(message);
    await expect(readBoundedText(path, opts)).rejects.toThrow(message);
    const check = checkBoundedFile(path, opts);
    expect(check.ok ? '' : check.error.message).toBe(message);
    expect(check.ok ? undefined : check.missing).toBe(message.endsWith('does not exist'));
  });

  it('reads a regular file and a symlink to one (Kubernetes ConfigMap and Secret volumes)', async () => {
    expect(readBoundedTextSync(small, opts)).toBe('hello\n');
    expect(await readBoundedText(join(dir, 'link.txt'), opts)).toBe('hello\n');
    expect(checkBoundedFile(small, opts)).toEqual({ ok: true });
  });

  it('stops at the limit when the size a file reports is wrong (/proc)', () => {
    expect(() => readBoundedTextSync('/proc/self/maps', { maxBytes: 16, what: 'proc file' })).toThrow(
      'proc file /proc/self/maps is larger than 16 bytes',
    );
  });
});
