import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectGolden, goldenPath } from './golden.js';

describe('expectGolden', () => {
  const file = 'default-ipv4rr/first-pass.set';
  const golden = readFileSync(goldenPath(file), 'utf8');

  it.skipIf(process.env['UPDATE_GOLDEN'] === '1')(
    'fails on a one-byte difference (changed, added or removed byte)',
    () => {
      expect(() => expectGolden(file, golden)).not.toThrow();
      const flipped = golden.slice(0, 10) + (golden[10] === 'x' ? 'y' : 'x') + golden.slice(11);
      expect(() => expectGolden(file, flipped)).toThrow(/differs from golden/);
      expect(() => expectGolden(file, `${golden} `)).toThrow(/differs from golden/);
      expect(() => expectGolden(file, golden.slice(0, -1))).toThrow(/differs from golden/);
    },
  );

  it.skipIf(process.env['UPDATE_GOLDEN'] === '1')(
    'fails when the golden file is missing, telling how to create it',
    () => {
      expect(() => expectGolden('no/such.file', 'x')).toThrow(
        'golden file no/such.file is missing: run UPDATE_GOLDEN=1 npx vitest run and review it',
      );
    },
  );
});
