import type { LabStatus } from '../lab/labStatus.js';

const escape = (text: string): string => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
const q = (text: string): string => `"${escape(text)}"`;

/**
 * `meshrr lab status --output dot`: the peering graph of the lab in Graphviz DOT. One node per
 * router (route reflectors as boxes, clients as ellipses, each group in its own cluster), one edge
 * per pair of routers with a session: solid when Established on both sides that report it, dashed
 * and labelled with the state otherwise; a session with an address no lab router holds now goes to
 * a grey node named after the address (a stale neighbor). Deterministic: same status, same text.
 */
export function labStatusDot(status: LabStatus): string {
  const lines = [
    `graph ${q(`meshrr lab ${status.name}`)} {`,
    '  graph [layout=dot, rankdir=TB, fontname="Helvetica", fontsize=11, labelloc=t];',
    '  node [fontname="Helvetica", fontsize=10, style=filled, fillcolor="#ffffff"];',
    '  edge [fontname="Helvetica", fontsize=8];',
    `  label=${q(`meshrr lab ${status.name}`)};`,
  ];
  const groups = new Map<string, typeof status.routers>();
  for (const router of status.routers) {
    const key = router.kind === 'rr' ? router.group : `clients of ${router.group}`;
    groups.set(key, [...(groups.get(key) ?? []), router]);
  }
  [...groups.keys()].sort().forEach((group, i) => {
    lines.push(`  subgraph ${q(`cluster_${i}`)} {`, `    label=${q(group)};`, '    color="#999999";');
    for (const r of groups.get(group)!) {
      const shape = r.kind === 'rr' ? 'box' : 'ellipse';
      const fill = r.running ? (r.kind === 'rr' ? '#dbe9f6' : '#ffffff') : '#f4cccc';
      const label = `"${escape(r.name)}\\n${escape(r.address)}"`;
      lines.push(`    ${q(r.name)} [label=${label}, shape=${shape}, fillcolor=${q(fill)}];`);
    }
    lines.push('  }');
  });
  const edges = new Map<string, { a: string; b: string; states: Set<string>; dynamic: boolean }>();
  const strangers = new Set<string>();
  for (const router of status.routers) {
    for (const s of router.sessions) {
      const other = s.peerName ?? s.peer;
      if (s.peerName === undefined) strangers.add(s.peer);
      const [a, b] = [router.name, other].sort() as [string, string];
      const key = `${a}\u0000${b}`;
      const edge = edges.get(key) ?? { a, b, states: new Set<string>(), dynamic: false };
      edge.states.add(s.state);
      edge.dynamic ||= s.dynamic;
      edges.set(key, edge);
    }
  }
  for (const address of [...strangers].sort())
    lines.push(`  ${q(address)} [shape=ellipse, style="dashed", color="#999999", fontcolor="#999999"];`);
  for (const edge of [...edges.values()].sort((x, y) => `${x.a} ${x.b}`.localeCompare(`${y.a} ${y.b}`))) {
    const up = edge.states.size === 1 && edge.states.has('Established');
    const attrs = up
      ? [`color="#2e7d32"`, `penwidth=1.5`]
      : [`color="#c62828"`, `style=dashed`, `label=${q([...edge.states].sort().join('/'))}`];
    if (edge.dynamic) attrs.push('arrowhead=none', 'taillabel="*"');
    lines.push(`  ${q(edge.a)} -- ${q(edge.b)} [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/**
 * `meshrr lab status --output svg`: {@link labStatusDot} rendered by Graphviz compiled to
 * WebAssembly (@viz-js/viz, loaded on demand).
 */
export async function labStatusSvg(status: LabStatus): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  return viz.renderString(labStatusDot(status), { format: 'svg' });
}
