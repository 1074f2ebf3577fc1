import { TransportError } from '@meshrr/core';
import { describe, expect, it } from 'vitest';
import { runProcess } from './runProcess.js';

const NEVER = new AbortController().signal;

describe('runProcess', () => {
  it('resolves with the exit code and output, also for non-zero codes; arguments are not interpreted by a shell', async () => {
    expect(
      await runProcess('/bin/sh', ['-c', 'printf "%s" "$1"; echo err >&2; exit 3', 'sh', '$(touch /nonexistent) ; x'], {
        timeoutMs: 5_000,
        signal: NEVER,
      }),
    ).toEqual({
      code: 3,
      stdout: '$(touch /nonexistent) ; x',
      stderr: 'err\n',
    });
  });

  it('a missing program is a TransportError', async () => {
    await expect(runProcess('/nonexistent/vtysh', [], { timeoutMs: 5_000, signal: NEVER })).rejects.toBeInstanceOf(
      TransportError,
    );
  });

  it('a program past its timeout is killed and reported as a TransportError', async () => {
    const error = await runProcess('/bin/sleep', ['10'], { timeoutMs: 200, signal: NEVER }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toContain('ran longer than 200 ms');
  });

  it('an aborted signal kills the program and rejects with its reason', async () => {
    const ac = new AbortController();
    const running = runProcess('/bin/sleep', ['10'], { timeoutMs: 10_000, signal: ac.signal });
    ac.abort(new Error('stop now'));
    await expect(running).rejects.toThrow('stop now');
    await expect(runProcess('/bin/true', [], { timeoutMs: 1_000, signal: ac.signal })).rejects.toThrow('stop now');
  });
});
