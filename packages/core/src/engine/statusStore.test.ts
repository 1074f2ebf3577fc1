import { describe, expect, it } from 'vitest';
import { StatusStore } from './statusStore.js';

describe('StatusStore', () => {
  it('replaces the snapshot on each write, merges patches, clears explicit undefined and notifies', () => {
    const store = new StatusStore();
    const seen: number[] = [];
    store.subscribe((s) => seen.push(s.held.length));
    const first = store.current();
    store.update({ lastCommitAt: 5, held: [{ group: 'g', peer: '10.0.0.1', action: 'hold', reason: 'quorum' }] });
    store.setSources([
      { group: 'b', sourcetype: 'dns', healthy: true, synced: true, consecutiveFailures: 0, peers: [] },
      { group: 'a', sourcetype: 'dns', healthy: false, synced: false, consecutiveFailures: 2, peers: [] },
    ]);
    store.update({ lastCommitAt: undefined });
    const now = store.current();
    expect(first).toEqual({ sources: [], sessions: [], held: [] });
    expect(now.sources.map((s) => s.group)).toEqual(['a', 'b']);
    expect('lastCommitAt' in now).toBe(false);
    expect(now.held).toHaveLength(1);
    expect(seen).toEqual([1, 1, 1]);
  });
});
