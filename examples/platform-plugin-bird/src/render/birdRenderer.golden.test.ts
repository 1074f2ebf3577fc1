import { readFileSync, writeFileSync } from 'node:fs';
import { toManagedState } from '@meshrr/core';
import { describe, expect, it } from 'vitest';
import { goldenCases } from '../testing-support/goldenCases.js';
import { BirdRenderer } from './birdRenderer.js';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

describe('BIRD renderer golden files (src/__golden__/*.conf; UPDATE_GOLDEN=1 rewrites them)', () => {
  it.each(goldenCases().map((c) => [c.name, c] as const))('%s', (name, golden) => {
    const rendered = new BirdRenderer(golden.options).renderChange({
      desired: golden.desired,
      actual: toManagedState(golden.desired),
      change: { groups: [] },
    });
    const file = new URL(`../__golden__/${name}.conf`, import.meta.url);
    if (UPDATE) writeFileSync(file, rendered.body);
    expect(rendered.body).toBe(readFileSync(file, 'utf8'));
    expect(rendered).toMatchObject({ platform: 'bird', format: 'bird-conf' });
    expect(rendered.digest).toMatch(/^[0-9a-f]{64}$/);
  });
});
