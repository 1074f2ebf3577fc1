import { describe, expect, it } from 'vitest';
import type { LabStatus, RouterStatus, SessionStatus } from '../lab/labStatus.js';
import { labStatusDot, labStatusSvg } from './statusGraph.js';

const session = (
  peer: string,
  peerName: string | undefined,
  state = 'Established',
  dynamic = false,
): SessionStatus => ({
  peer,
  peerName,
  group: undefined,
  state,
  connectionsEstablished: 1,
  connectionsDropped: 0,
  dynamic,
});
const router = (
  name: string,
  kind: 'rr' | 'client',
  group: string,
  address: string,
  sessions: SessionStatus[],
): RouterStatus => ({
  name,
  kind,
  group,
  address,
  addresses: [address],
  generation: 1,
  daemon: 'frr',
  running: true,
  sessions,
});

const STATUS: LabStatus = {
  name: 'demo-1',
  stateDir: '/tmp/lab',
  dns: undefined,
  prefixes: [],
  routers: [
    router('core-1', 'rr', 'core', '10.1.0.1', [
      session('10.1.0.2', 'core-2'),
      session('10.2.0.1', 'edge-1', 'Established', true),
    ]),
    router('core-2', 'rr', 'core', '10.1.0.2', [
      session('10.1.0.1', 'core-1'),
      session('10.1.0.9', undefined, 'Active'),
    ]),
    router('edge-1', 'client', 'core', '10.2.0.1', [session('10.1.0.1', 'core-1')]),
  ],
};

describe('lab status as a peering graph', () => {
  it('dot: one node per router in its group, one edge per peering pair, down sessions dashed with their state', () => {
    const dot = labStatusDot(STATUS);
    expect(dot).toMatch(/^graph "meshrr lab demo-1" \{/);
    expect(dot).toContain('"core-1" [label="core-1\\n10.1.0.1", shape=box');
    expect(dot).toContain('"edge-1" [label="edge-1\\n10.2.0.1", shape=ellipse');
    expect(dot.match(/"core-1" -- "core-2"/g)).toHaveLength(1);
    expect(dot).toContain('"core-1" -- "edge-1" [color="#2e7d32", penwidth=1.5, arrowhead=none, taillabel="*"]');
    expect(dot).toContain('"10.1.0.9" -- "core-2" [color="#c62828", style=dashed, label="Active"]');
    expect(labStatusDot(STATUS)).toBe(dot);
  });

  it('svg: rendered by Graphviz (WebAssembly), with every router and edge in the picture', async () => {
    const svg = await labStatusSvg(STATUS);
    expect(svg).toContain('<svg');
    const title = (text: string): string => `<title>${text.replace(/-/g, '&#45;')}</title>`;
    for (const name of ['core-1', 'core-2', 'edge-1', '10.1.0.9']) expect(svg).toContain(title(name));
    expect(svg).toContain(title('core-1--core-2'));
  });
});
