import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, type DiscoveryContext } from '@meshrr/core';
import { MemoryLogger, MemoryMetrics } from '@meshrr/core/testing';
import type { SliceInput } from './fakeKubeApiServer.js';

/** A pod endpoint as the EndpointSlice controller writes it. */
export function podEndpoint(
  address: string,
  pod: string,
  extra: { ready?: boolean; serving?: boolean; terminating?: boolean; zone?: string; node?: string } = {},
): Record<string, unknown> {
  return {
    addresses: [address],
    conditions: {
      ready: extra.ready ?? true,
      serving: extra.serving ?? extra.ready ?? true,
      terminating: extra.terminating ?? false,
    },
    nodeName: extra.node ?? `node-${pod}`,
    zone: extra.zone ?? 'zone-a',
    targetRef: { kind: 'Pod', name: pod, namespace: 'meshrr', uid: `uid-${pod}` },
  };
}

/** A slice of Service `service` in namespace `meshrr` with the bgp port. */
export function slice(
  name: string,
  service: string,
  endpoints: readonly Record<string, unknown>[] | null,
  addressType: SliceInput['addressType'] = 'IPv4',
): SliceInput {
  return {
    name,
    namespace: 'meshrr',
    labels: {
      'kubernetes.io/service-name': service,
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    },
    addressType,
    endpoints,
    ports: [{ name: 'bgp', protocol: 'TCP', port: 179 }],
  };
}

/** A discovery context on the real clock with in-memory logger and metrics. */
export function testContext(
  baseDir = '/nonexistent',
): DiscoveryContext & { logger: MemoryLogger; metrics: MemoryMetrics } {
  return {
    group: 'MESHRR-MESH',
    logger: new MemoryLogger(),
    clock: systemClock,
    metrics: new MemoryMetrics(),
    baseDir,
    maxRefreshMs: 30_000,
  };
}

/** A fake service-account directory (token, ca.crt, namespace); `cleanup` removes it. */
export function serviceAccountDir(
  token: string,
  caCert: string,
  namespace = 'meshrr',
): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'meshrr-sa-'));
  writeFileSync(join(dir, 'token'), token);
  writeFileSync(join(dir, 'ca.crt'), caCert);
  writeFileSync(join(dir, 'namespace'), namespace);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
