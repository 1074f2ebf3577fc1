import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderedChange } from './renderedChange.js';

describe('renderedChange', () => {
  it('carries the sha256 of the body, in JSON too', () => {
    const change = renderedChange('junos', 'junos-set', 'set groups MESHRR …\n');
    const expected = createHash('sha256').update('set groups MESHRR …\n', 'utf8').digest('hex');
    expect(change.digest).toBe(expected);
    expect(JSON.parse(JSON.stringify(change))).toEqual({
      platform: 'junos',
      format: 'junos-set',
      body: 'set groups MESHRR …\n',
      digest: expected,
    });
  });

  it('carries the incremental form when one is given, and no key otherwise', () => {
    const incremental = { format: 'frr-vtysh', lines: ['router bgp 65000', ' no neighbor 10.0.0.2', 'exit'] };
    const change = renderedChange('frr', 'frr-conf', 'router bgp 65000\n', incremental);
    expect(change.incremental).toEqual(incremental);
    expect(change.digest).toBe(createHash('sha256').update('router bgp 65000\n', 'utf8').digest('hex'));
    expect('incremental' in renderedChange('frr', 'frr-conf', 'x\n')).toBe(false);
  });
});
