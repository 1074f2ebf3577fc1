import type { MeshrrConfig, MeshrrMode } from '@meshrr/core';
import { loadConfig } from '@meshrr/core';
import { configMapEntry, upstreamText } from './upstream.js';

/** One upstream meshrr deployment: its configuration, the Jinja2 template meshrr would render, and peers. */
export interface UpstreamExample {
  readonly id: string;
  /** meshrr `MESHRR_MODE` of the deployment (template choice). */
  readonly mode: MeshrrMode;
  readonly configText: () => string;
  readonly origin: string;
  /** The Jinja2 template meshrr renders: a mounted user template or its default. */
  readonly jinja: { readonly name: string; readonly text: () => string };
  /** True when `jinja` is a user template (mounted `juniper.conf.j2`); false for meshrr's default. */
  readonly userTemplate: boolean;
  readonly podIp: string;
  /** Mesh neighbors discovered on the first pass, then one replaced on the second. */
  readonly neighbors: Readonly<Record<string, readonly string[]>>;
  readonly replaced: { readonly group: string; readonly from: string; readonly to: string };
}

const DEFAULTS = 'meshrr/defaults/';
const ipv4rr = { name: 'juniper-ipv4rr.conf.j2', text: () => upstreamText(`${DEFAULTS}juniper-ipv4rr.conf.j2`) };
const evpnrs = { name: 'juniper-evpnrs.conf.j2', text: () => upstreamText(`${DEFAULTS}juniper-evpnrs.conf.j2`) };
const defaultConf = (): string => upstreamText(`${DEFAULTS}meshrr.conf.yml`);
const embedded = (file: string) => (): string => configMapEntry(file, 'meshrr.conf.yml');

/** The upstream example topologies and the default configuration in both modes. */
export const UPSTREAM_EXAMPLES: readonly UpstreamExample[] = [
  {
    id: 'default-ipv4rr',
    mode: 'ipv4rr',
    configText: defaultConf,
    origin: `${DEFAULTS}meshrr.conf.yml`,
    jinja: ipv4rr,
    userTemplate: false,
    podIp: '10.42.0.10',
    neighbors: { 'MESHRR-MESH': ['10.42.0.11', '10.42.0.12'], 'MESHRR-UPSTREAM': ['10.42.7.2', '10.42.7.3'] },
    replaced: { group: 'MESHRR-UPSTREAM', from: '10.42.7.3', to: '10.42.7.4' },
  },
  {
    id: 'default-evpnrs',
    mode: 'evpnrs',
    configText: defaultConf,
    origin: `${DEFAULTS}meshrr.conf.yml`,
    jinja: evpnrs,
    userTemplate: false,
    podIp: '10.42.0.10',
    neighbors: { 'MESHRR-MESH': ['10.42.0.11'], 'MESHRR-UPSTREAM': ['10.42.7.2', '10.42.7.3'] },
    replaced: { group: 'MESHRR-MESH', from: '10.42.0.11', to: '10.42.0.13' },
  },
  {
    id: '2regions-hrr-core',
    mode: 'ipv4rr',
    configText: embedded('examples/2regions-hrr/meshrr-core.yaml'),
    origin: 'examples/2regions-hrr/meshrr-core.yaml',
    jinja: ipv4rr,
    userTemplate: false,
    podIp: '10.42.1.10',
    neighbors: { 'MESHRR-MESH': ['10.42.2.10', '10.42.3.10'] },
    replaced: { group: 'MESHRR-MESH', from: '10.42.3.10', to: '10.42.3.11' },
  },
  ...(['lothlorien', 'mirkwood'] as const).map((region, i): UpstreamExample => ({
    id: `2regions-hrr-${region}`,
    mode: 'ipv4rr',
    configText: embedded(`examples/2regions-hrr/meshrr-${region}.yaml`),
    origin: `examples/2regions-hrr/meshrr-${region}.yaml`,
    jinja: {
      name: `${region}-config.j2`,
      text: () => upstreamText(`examples/2regions-hrr/templates/${region}-config.j2`),
    },
    userTemplate: true,
    podIp: `10.42.${4 + i}.10`,
    neighbors: { 'MESHRR-MESH': [`10.42.${4 + i}.11`], 'MESHRR-UPSTREAM': ['10.42.1.10', '10.42.2.10'] },
    replaced: { group: 'MESHRR-UPSTREAM', from: '10.42.2.10', to: '10.42.3.10' },
  })),
  {
    id: '3clientgroups',
    mode: 'ipv4rr',
    configText: embedded('examples/3clientgroups/meshrr-3clientgroups.yaml'),
    origin: 'examples/3clientgroups/meshrr-3clientgroups.yaml',
    jinja: {
      name: '3clientgroups-config (ConfigMap)',
      text: () => configMapEntry('examples/3clientgroups/meshrr-3clientgroups.yaml', 'config'),
    },
    userTemplate: true,
    podIp: '10.42.0.20',
    neighbors: {
      'MESHRR-MESH': ['10.42.0.21'],
      'MESHRR-FULLTABLE-CLIENTS': ['172.19.10.1', '172.19.10.2'],
      'MESHRR-PARTIALTABLE-CLIENTS': ['172.19.11.1'],
      'MESHRR-DEFAULTONLY-CLIENTS': ['172.19.12.1'],
    },
    replaced: { group: 'MESHRR-FULLTABLE-CLIENTS', from: '172.19.10.2', to: '172.19.10.3' },
  },
  {
    id: 'load-balanced-route-servers',
    mode: 'evpnrs',
    configText: embedded('examples/load-balanced-route-servers/routeserver-a.ss.yml'),
    origin: 'examples/load-balanced-route-servers/routeserver-a.ss.yml',
    jinja: evpnrs,
    userTemplate: false,
    podIp: '10.42.0.30',
    neighbors: { 'MESHRR-CORE': ['10.42.0.31', '192.168.255.9'] },
    replaced: { group: 'MESHRR-CORE', from: '10.42.0.31', to: '10.42.0.32' },
  },
];

/**
 * The example's embedded `meshrr.conf.yml` loaded by core's real `loadConfig`, with `MESHRR_MODE`
 * set as the deployment sets it. Throws with every issue when it does not load.
 */
export function exampleConfig(example: UpstreamExample): MeshrrConfig {
  const result = loadConfig({ text: example.configText(), origin: example.origin }, { MESHRR_MODE: example.mode });
  if (!result.ok) throw new Error(`${example.origin}: ${JSON.stringify(result.errors)}`);
  return result.config;
}

/** A fixed, valid SSH public key line for tests. */
export const TEST_SSH_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKqvM0Yb8m2n7c1R7Hq0nq3cU2Yl5Xh9Zt6c0d8mX1aB meshrr@test';
/** A fake single-line licence for tests. */
export const TEST_LICENSE = 'E421234567 aeaqic aiagat cbtpxm qyoqft jmx6kq wvr2fm 4bcmlw prvn7p';
