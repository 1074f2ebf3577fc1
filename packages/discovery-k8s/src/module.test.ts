import { DiscoveryProvider } from '@meshrr/core';
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { k8sDiscoveryModule } from './index.js';

describe('k8sDiscoveryModule', () => {
  it('multi-binds a DiscoveryProvider of kind kubernetes whose create does no I/O', () => {
    const container = new Container();
    container.load(k8sDiscoveryModule({ env: {}, serviceAccountDir: '/does/not/exist' }));
    const [provider] = container.getAll(DiscoveryProvider);
    expect(provider?.kind).toBe('kubernetes');
    const parsed = provider!.optionsSchema.safeParse({ service: 'meshrr', namespace: 'meshrr' });
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    const source = provider!.create(parsed.data, { group: 'G', baseDir: '/', maxRefreshMs: 30_000 } as never);
    expect(typeof source.run).toBe('function');
    const bad = provider!.optionsSchema.safeParse({ namespace: 'meshrr' });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path)).toEqual([['service']]);
  });
});
