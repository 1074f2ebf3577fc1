import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LabError } from '../errors.js';
import { isAlive, startProcess, stopProcess, waitFor } from './processes.js';
import { HANG_GUARD_MS } from '@meshrr/core/testing';

const dir = mkdtempSync(join(tmpdir(), 'mlab-proc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('process records', () => {
  it('starts a detached process with output in its log, and stops it by PID', async () => {
    const log = join(dir, 'echo.log');
    const record = await startProcess(['/bin/sh', '-c', 'echo started; exec sleep 30'], log, 'sleeper');
    expect(record.label).toBe('sleeper');
    expect(isAlive(record)).toBe(true);
    await waitFor('output', () => readFileSync(log, 'utf8') === 'started\n', HANG_GUARD_MS, 10);
    await stopProcess(record);
    expect(isAlive(record)).toBe(false);
    await stopProcess(record);
  });

  it('escalates to SIGKILL when SIGTERM is ignored', async () => {
    const record = await startProcess(
      ['/bin/sh', '-c', 'trap "" TERM; while :; do sleep 0.05; done'],
      join(dir, 'stubborn.log'),
      'stubborn',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await stopProcess(record, 300);
    expect(isAlive(record)).toBe(false);
  });

  it('never treats a reused PID as the recorded process', () => {
    expect(isAlive({ pid: process.pid, startTime: '1', label: 'not me' })).toBe(false);
    expect(isAlive({ pid: 2 ** 22 + 7, startTime: '1', label: 'no such pid' })).toBe(false);
  });

  it('rejects a program that cannot be started', async () => {
    await expect(startProcess(['/nonexistent/program'], join(dir, 'x.log'), 'ghost')).rejects.toThrow(LabError);
  });

  it('times out waiting with a message naming what it waited for', async () => {
    await expect(waitFor('the impossible', () => false, 50, 10)).rejects.toThrow(
      'timed out after 50 ms waiting for the impossible',
    );
  });
});
