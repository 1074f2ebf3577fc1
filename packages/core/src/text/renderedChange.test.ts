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
});
