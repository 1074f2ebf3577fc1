import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import type { AsRange, BgpGroupConfig, MeshrrConfig, MeshrrMode } from '@meshrr/core';

/** Absolute path of a file under `src/__fixtures__/meshrr-upstream/`. */
export function upstreamPath(relative: string): string {
  return fileURLToPath(new URL(`../__fixtures__/meshrr-upstream/${relative}`, import.meta.url));
}

/** Text of an upstream file (BOM kept, as on disk). */
export function upstreamText(relative: string): string {
  return readFileSync(upstreamPath(relative), 'utf8');
}

/** Every YAML document of a manifest, BOM stripped, as plain data. */
export function manifestDocuments(relative: string): unknown[] {
  const text = upstreamText(relative).replace(/^\uFEFF/, '');
  return parseAllDocuments(text).map((d) => d.toJS() as unknown).filter((d) => d !== null);
}

/** `data[key]` of the first ConfigMap in the manifest that has it. Throws when none has. */
export function configMapEntry(relative: string, key: string): string {
  for (const doc of manifestDocuments(relative)) {
    const d = doc as { kind?: string; data?: Record<string, unknown> };
    if (d.kind === 'ConfigMap' && typeof d.data?.[key] === 'string') return d.data[key] as string;
  }
  throw new Error(`${relative}: no ConfigMap with data.${key}`);
}

interface RawGroup {
  name: string;
  type: string;
  source?: Record<string, unknown>;
  max_peers?: number;
  prefixes?: string[];
  asranges?: string[];
}

const asRange = (text: string): AsRange => {
  const [a, b] = String(text).split('-');
  return { start: Number(a), end: Number(b ?? a) };
};

function group(raw: RawGroup): BgpGroupConfig {
  if (raw.type.toLowerCase() === 'mesh') {
    const { sourcetype, ...options } = raw.source ?? {};
    return { kind: 'mesh', name: raw.name, source: { sourcetype: String(sourcetype ?? 'dns').toLowerCase(), options }, ...(raw.max_peers === undefined ? {} : { maxPeers: raw.max_peers }) };
  }
  return { kind: 'subtractive', name: raw.name, prefixes: raw.prefixes ?? [], asRanges: (raw.asranges ?? []).map(asRange) };
}

/**
 * A `MeshrrConfig` from meshrr YAML text — a small test-only reading of the upstream files (valid
 * input only, no checks), used until `@meshrr/core`'s `loadConfig` lands. `mode` overrides the file's
 * `mode`, as `MESHRR_MODE` does in meshrr.
 */
export function fixtureConfig(yamlText: string, origin: string, mode?: MeshrrMode): MeshrrConfig {
  const raw = parseYaml(yamlText.replace(/^\uFEFF/, '')) as { encrypted_root_pw: string; asn: string | number; mode: string; bgpgroups: RawGroup[] };
  const asnText = String(raw.asn);
  const [hi, lo] = asnText.split('.');
  const asnValue = lo === undefined ? Number(hi) : Number(hi) * 65536 + Number(lo);
  return {
    origin,
    encryptedRootPw: raw.encrypted_root_pw,
    asn: { value: asnValue, text: asnText },
    mode: mode ?? (raw.mode === 'evpnrs' || raw.mode === 'routeserver' ? 'evpnrs' : 'ipv4rr'),
    groups: raw.bgpgroups.map(group),
    updateSeconds: 30,
    safety: { maxRemovalShare: 0.5, minGroupPeers: 1, allowLargeRemovals: false, vanishedHoldDownMs: 30_000, sessionDownHoldDownMs: 120_000 },
    quiescence: { minMs: 500, maxMs: 5_000 },
    commit: { confirmTimeoutS: 120, comment: 'meshrr', verifyMs: 5_000 },
    plugins: [],
  };
}
