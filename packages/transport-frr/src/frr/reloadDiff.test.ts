import { describe, expect, it } from 'vitest';
import { deletedBgpInstances, formatReloadDiff, isEmptyDiff, parseReloadDiff } from './reloadDiff.js';

// stdout of frr-reload.py --test --stdout (FRR 8.4.4), captured
const WRONG_AS =
  '\nLines To Delete\n===============\nno router bgp 65000\n\nLines To Add\n============\nrouter bgp 65001\nrouter bgp 65001\n bgp router-id 10.77.0.1\n';

describe('frr-reload diff', () => {
  it('parses both sections', () => {
    const diff = parseReloadDiff(WRONG_AS);
    expect(diff).toEqual({
      toDelete: ['no router bgp 65000'],
      toAdd: ['router bgp 65001', 'router bgp 65001', ' bgp router-id 10.77.0.1'],
    });
    expect(deletedBgpInstances(diff)).toEqual(['65000']);
    expect(formatReloadDiff(diff)).toBe(
      'Lines To Delete\n===============\nno router bgp 65000\n\nLines To Add\n============\nrouter bgp 65001\nrouter bgp 65001\n bgp router-id 10.77.0.1\n',
    );
  });

  it('an output without sections is an empty diff', () => {
    const diff = parseReloadDiff('');
    expect(isEmptyDiff(diff)).toBe(true);
    expect(formatReloadDiff(diff)).toBe('');
  });

  it('a neighbor removal is not an instance deletion', () => {
    const diff = parseReloadDiff(
      '\nLines To Delete\n===============\nrouter bgp 65000\n no neighbor 10.0.0.2 peer-group M\n',
    );
    expect(deletedBgpInstances(diff)).toEqual([]);
    expect(isEmptyDiff(diff)).toBe(false);
  });
});
