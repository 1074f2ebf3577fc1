import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSafetyState, encodeSafetyState, groupBudget, SafetyStateError, type RemovalLedger } from '@meshrr/core';
import { FakeClock } from '@meshrr/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSafetyStateStore, SAFETY_STATE_FILE } from './fileSafetyStateStore.js';

const WINDOW = 300_000;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshrr-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Three removals of group `mesh` at `at` (the group had 6 neighbors). */
const ledgerAt = (at: number): RemovalLedger => ({
  removals: ['10.0.0.2', '10.0.0.3', '10.0.0.4'].map((peer) => ({ group: 'mesh', peer, at })),
  sizes: new Map([['mesh', [{ at, size: 6 }]]]),
});

describe('FileSafetyStateStore (meshrr run --state-dir)', () => {
  it('round-trips the removal ledger across a restart, and the window expires on the clock', async () => {
    const clock = new FakeClock();
    const state = join(dir, 'state');
    await new FileSafetyStateStore(state).write(encodeSafetyState(ledgerAt(clock.now()), clock.now()));
    expect((await stat(state)).mode & 0o777).toBe(0o700);
    expect((await stat(join(state, SAFETY_STATE_FILE))).mode & 0o777).toBe(0o600);
    expect(await readdir(state)).toEqual([SAFETY_STATE_FILE]); // the temporary file was renamed

    // a new agent (a new store on the same directory) 10 s later: the budget is spent
    await clock.advance(10_000);
    const text = await new FileSafetyStateStore(state).read();
    const restored = decodeSafetyState(text!, clock.now(), WINDOW);
    expect(restored).toEqual(ledgerAt(clock.now() - 10_000));
    const safety = { maxRemovalShare: 0.5, removalWindowMs: WINDOW };
    expect(groupBudget(restored, 'mesh', 3, clock.now(), safety)).toEqual({ limit: 3, used: 3, peak: 6 });
    // one window after the removals, restored again: nothing counts any more
    await clock.advance(WINDOW - 10_000 + 1);
    const later = decodeSafetyState((await new FileSafetyStateStore(state).read())!, clock.now(), WINDOW);
    expect(groupBudget(later, 'mesh', 3, clock.now(), safety).used).toBe(0);
  });

  it('nothing saved yet (a new pod, even without the directory): undefined', async () => {
    expect(await new FileSafetyStateStore(join(dir, 'absent')).read()).toBeUndefined();
  });

  it('a corrupt file, or one of another version, is read as it is and refused by the decoder naming what is wrong', async () => {
    const store = new FileSafetyStateStore(dir);
    await writeFile(store.location, '{"kind":"meshrr-safety-state","version":1,"savedAt":');
    const cut = await store.read();
    expect(() => decodeSafetyState(cut!, 0, WINDOW)).toThrow(SafetyStateError);
    expect(() => decodeSafetyState(cut!, 0, WINDOW)).toThrow('is not JSON');
    await writeFile(store.location, JSON.stringify({ kind: 'meshrr-safety-state', version: 7 }));
    const other = await store.read();
    expect(() => decodeSafetyState(other!, 0, WINDOW)).toThrow('has version 7; this agent reads version 1 only');
  });

  it('an unreadable state throws, naming the file (the engine then assumes the budget spent)', async () => {
    const store = new FileSafetyStateStore(dir);
    await mkdir(store.location); // a directory where the file should be
    await expect(store.read()).rejects.toThrow(store.location);
  });

  it('a failed write keeps the previous state', async () => {
    const store = new FileSafetyStateStore(dir);
    await store.write('old\n');
    await mkdir(`${store.location}.${process.pid}.tmp`); // the temporary file cannot be created
    await expect(store.write('new\n')).rejects.toThrow(/EISDIR|illegal operation on a directory/);
    expect(await store.read()).toBe('old\n');
  });
});
