import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, FakeClock, MemoryLogger } from '@meshrr/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigWatcher } from './configWatcher.js';

const DEBOUNCE_MS = 1_000;
let dir: string;
let watcher: ConfigWatcher | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshrr-watch-'));
});
afterEach(async () => {
  watcher?.close();
  await rm(dir, { recursive: true, force: true });
});

function start(clock: FakeClock): { calls: string[][] } {
  const calls: string[][] = [];
  watcher = new ConfigWatcher({
    debounceMs: DEBOUNCE_MS,
    pollMs: 0,
    clock,
    logger: new MemoryLogger(),
    onChange: (changed) => void calls.push([...changed]),
  });
  return { calls };
}

/** Waits until a file event armed the debounce timer (the only timer: polling is off). */
async function eventSeen(clock: FakeClock): Promise<void> {
  await eventually(() => clock.pendingTimers === 1, { what: 'a file-system event' });
}

/**
 * A Kubernetes ConfigMap/Secret volume: `<dir>/<name>` → `..data/<name>`, `..data` → a
 * timestamped directory; an update writes a new timestamped directory and swaps `..data` by rename.
 */
async function configMapVolume(
  files: Record<string, string>,
): Promise<(next: Record<string, string>) => Promise<void>> {
  let generation = 0;
  const writeGeneration = async (content: Record<string, string>): Promise<string> => {
    generation += 1;
    const name = `..2026_12_03_16_00_0${generation}.000000001`;
    await mkdir(join(dir, name));
    for (const [file, text] of Object.entries(content)) await writeFile(join(dir, name, file), text);
    return name;
  };
  await symlink(await writeGeneration(files), join(dir, '..data'));
  for (const file of Object.keys(files)) await symlink(join('..data', file), join(dir, file));
  return async (next) => {
    const target = await writeGeneration(next);
    await symlink(target, join(dir, '..data_tmp'));
    await rename(join(dir, '..data_tmp'), join(dir, '..data'));
  };
}

describe('ConfigWatcher', () => {
  it('sees a ConfigMap volume update (the ..data symlink swapped), and only the file whose content changed', async () => {
    const swap = await configMapVolume({ 'meshrr.conf.yml': 'asn: "65000"\n', 'other.yml': 'x: 1\n' });
    const clock = new FakeClock();
    const { calls } = start(clock);
    const config = join(dir, 'meshrr.conf.yml');
    await watcher!.follow({ files: [config, join(dir, 'other.yml')] });

    await swap({ 'meshrr.conf.yml': 'asn: "65001"\n', 'other.yml': 'x: 1\n' });
    await eventSeen(clock);
    await clock.advance(DEBOUNCE_MS);
    await eventually(() => calls.length === 1, { what: 'the change reported' });
    expect(calls).toEqual([[config]]);

    // a swap to identical data is no change
    await swap({ 'meshrr.conf.yml': 'asn: "65001"\n', 'other.yml': 'x: 1\n' });
    await eventSeen(clock);
    await clock.advance(DEBOUNCE_MS);
    await watcher!.checkNow();
    expect(calls).toEqual([[config]]);
  });

  it('debounces a burst of writes into one report of the final content, and reports a deleted file', async () => {
    const file = join(dir, 'meshrr.conf.yml');
    const key = join(dir, 'md5.key');
    await writeFile(file, 'a\n');
    await writeFile(key, 'secret-1\n');
    const clock = new FakeClock();
    const { calls } = start(clock);
    await watcher!.follow({ files: [file, key] });

    await writeFile(file, 'b\n');
    await eventSeen(clock);
    await writeFile(file, 'c\n');
    await writeFile(key, 'secret-2\n');
    // however late the events of these writes arrive, no time passes before the advance below
    await clock.advance(DEBOUNCE_MS);
    await eventually(() => calls.length === 1, { what: 'one report' });
    expect(calls[0]).toEqual([key, file].sort());
    // late events of the same writes find the same content: nothing more is reported
    await clock.advance(DEBOUNCE_MS);
    await watcher!.checkNow();
    expect(calls).toHaveLength(1);

    await rm(key);
    await eventSeen(clock);
    await clock.advance(DEBOUNCE_MS);
    await eventually(() => calls.length === 2, { what: 'the deletion reported' });
    expect(calls[1]).toEqual([key]);
    expect(watcher!.followed.get(key)).toBe('missing');
  });

  it('follows every file of a followed directory (FRR templates), added files included', async () => {
    const templates = join(dir, 'templates');
    await mkdir(templates);
    await writeFile(join(templates, 'bgp.eta'), 'neighbor x\n');
    const clock = new FakeClock();
    const { calls } = start(clock);
    await watcher!.follow({ files: [], directories: [templates] });
    await writeFile(join(templates, 'global.eta'), 'route-map y\n');
    await eventSeen(clock);
    await clock.advance(DEBOUNCE_MS);
    await eventually(() => calls.length === 1, { what: 'the new template reported' });
    expect(calls[0]).toEqual([join(templates, 'global.eta')]);
  });
});
