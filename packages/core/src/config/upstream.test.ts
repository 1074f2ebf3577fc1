import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { BgpGroupConfig, MeshrrConfig } from '../api/config.js';
import { DEFAULT_CONFIG_TEXT, formatConfigIssue, formatConfigYaml, loadConfig } from './index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const upstream = join(here, '__fixtures__', 'meshrr-upstream');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** Every `data["meshrr.conf.yml"]` of every ConfigMap in the upstream example manifests. */
function embeddedConfigs(): { origin: string; text: string }[] {
  const found: { origin: string; text: string }[] = [];
  for (const path of filesUnder(join(upstream, 'examples'))) {
    const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    for (const document of parseAllDocuments(text)) {
      if ('errors' in document && document.errors.length > 0)
        throw new Error(`${path}: ${document.errors[0]?.message ?? ''}`);
      const manifest = document.toJS() as {
        kind?: string;
        metadata?: { name?: string };
        data?: Record<string, string>;
      } | null;
      const conf = manifest?.data?.['meshrr.conf.yml'];
      if (manifest?.kind === 'ConfigMap' && conf !== undefined)
        found.push({ origin: `${relative(upstream, path)}#${manifest.metadata?.name ?? ''}`, text: conf });
    }
  }
  return found.sort((a, b) => a.origin.localeCompare(b.origin));
}

const mesh = (name: string, hostname: string, maxPeers?: number): BgpGroupConfig => ({
  kind: 'mesh',
  name,
  source: { sourcetype: 'dns', options: { hostname } },
  ...(maxPeers === undefined ? {} : { maxPeers }),
});
const clients = (prefixes: string[], asRanges: { start: number; end: number }[] = []): BgpGroupConfig => ({
  kind: 'subtractive',
  name: 'MESHRR-CLIENTS',
  prefixes,
  asRanges,
});

const expectedGroups: Record<
  string,
  { asn: number; asnText: string; mode: MeshrrConfig['mode']; groups: BgpGroupConfig[] }
> = {
  'examples/2regions-hrr/meshrr-core.yaml#meshrr-core-conf': {
    asn: 65000,
    asnText: '65000',
    mode: 'ipv4rr',
    groups: [mesh('MESHRR-MESH', 'meshrr-core'), clients(['10.42.0.0/16'])],
  },
  'examples/2regions-hrr/meshrr-lothlorien.yaml#meshrr-lothlorien-conf': {
    asn: 65000,
    asnText: '65000',
    mode: 'ipv4rr',
    groups: [
      mesh('MESHRR-MESH', 'meshrr-lothlorien'),
      clients(['0.0.0.0/0']),
      mesh('MESHRR-UPSTREAM', 'meshrr-core', 2),
    ],
  },
  'examples/2regions-hrr/meshrr-mirkwood.yaml#meshrr-mirkwood-conf': {
    asn: 65000,
    asnText: '65000',
    mode: 'ipv4rr',
    groups: [mesh('MESHRR-MESH', 'meshrr-mirkwood'), clients(['0.0.0.0/0']), mesh('MESHRR-UPSTREAM', 'meshrr-core', 2)],
  },
  'examples/3clientgroups/meshrr-3clientgroups.yaml#meshrr-3clientgroups-conf': {
    asn: 65000,
    asnText: '65000',
    mode: 'ipv4rr',
    groups: [
      mesh('MESHRR-MESH', 'meshrr-3clientgroups'),
      mesh('MESHRR-FULLTABLE-CLIENTS', 'meshrr-fulltable-clients'),
      mesh('MESHRR-PARTIALTABLE-CLIENTS', 'meshrr-partialtable-clients'),
      mesh('MESHRR-DEFAULTONLY-CLIENTS', 'meshrr-defaultonly-clients'),
    ],
  },
  'examples/load-balanced-route-servers/routeserver-a.ss.yml#meshrr-conf': {
    asn: 4259840001,
    asnText: '65000.1',
    mode: 'evpnrs',
    groups: [mesh('MESHRR-CORE', 'meshrr-core'), clients(['192.168.0.0/16'], [{ start: 65001, end: 65535 }])],
  },
  'examples/load-balanced-route-servers/routeserver-b.ss.yml#meshrr-conf': {
    asn: 4259840001,
    asnText: '65000.1',
    mode: 'evpnrs',
    groups: [mesh('MESHRR-CORE', 'meshrr-core'), clients(['192.168.0.0/16'], [{ start: 65001, end: 65535 }])],
  },
};

describe('meshrr v0.2 upstream configurations', () => {
  const configs = embeddedConfigs();

  it('finds every embedded meshrr.conf.yml of the upstream examples', () => {
    expect(configs.map((config) => config.origin)).toEqual(Object.keys(expectedGroups).sort());
  });

  it.each(configs)('loads $origin unchanged, with the values meshrr reads', ({ origin, text }) => {
    const result = loadConfig({ text, origin }, {});
    if (!result.ok) throw new Error(result.errors.map(formatConfigIssue).join('\n'));
    const expected = expectedGroups[origin];
    expect(expected).toBeDefined();
    expect(result.warnings).toEqual([]);
    expect(result.config).toEqual({
      origin,
      encryptedRootPw: 'NOLOGIN',
      asn: { value: expected?.asn, text: expected?.asnText },
      mode: expected?.mode,
      groups: expected?.groups,
      updateSeconds: 30,
      safety: {
        maxRemovalShare: 0.5,
        removalWindowMs: 300_000,
        minGroupPeers: 1,
        allowLargeRemovals: false,
        vanishedHoldDownMs: 30_000,
      },
      selection: {
        sessionPollMs: 1_000,
        sessionDownHoldMs: 3_000,
        healthWindowMs: 10_000,
        penaltyMs: 30_000,
        penaltyMaxMs: 600_000,
        balanceDelayMs: 15_000,
        balanceIntervalMs: 10_000,
        balanceTolerance: 0.1,
      },
      quiescence: { minMs: 500, maxMs: 5_000 },
      commit: { confirmTimeoutS: 120, comment: 'meshrr', verifyMs: 5_000 },
      plugins: [],
      platform: { name: 'junos', options: {} },
    });
  });

  it.each(configs)('writes $origin back as YAML that loads to the same configuration', ({ origin, text }) => {
    const first = loadConfig({ text, origin });
    if (!first.ok) throw new Error('upstream config did not load');
    const second = loadConfig({ text: formatConfigYaml(first.config), origin });
    expect(second).toEqual(first);
  });

  it('embeds meshrr defaults/meshrr.conf.yml byte for byte', () => {
    expect(DEFAULT_CONFIG_TEXT).toBe(readFileSync(join(here, 'defaults', 'meshrr.conf.yml'), 'utf8'));
  });

  it('loads the embedded default like meshrr: mesh + catch-all clients + upstream with max_peers 2', () => {
    const result = loadConfig();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.origin).toBe('<embedded default>');
    expect(result.config.asn).toEqual({ value: 65000, text: '65000' });
    expect(result.config.groups).toEqual([
      mesh('MESHRR-MESH', 'meshrr'),
      clients(['0.0.0.0/0']),
      mesh('MESHRR-UPSTREAM', 'meshrr.core.svc.cluster.local', 2),
    ]);
  });

  it('loads the upstream defaults file by path, with the path as origin', () => {
    const path = join(upstream, '..', '..', 'defaults', 'meshrr.conf.yml');
    const result = loadConfig(path);
    expect(result.ok && result.config.origin).toBe(path);
  });
});
