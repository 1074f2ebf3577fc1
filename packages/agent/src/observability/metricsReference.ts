import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One row of the metrics table in docs/metrics.md. */
export interface MetricRow {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly labels: readonly string[];
}

/** A metric declared in source code (`metrics.counter|gauge|histogram({ name: 'meshrr_…' })`). */
export interface DeclaredMetric {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly file: string;
}

/** The `meshrr_*` rows of the table in docs/metrics.md (the `process_*`/`nodejs_*` row is not one). */
export function metricsTable(markdown: string): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const name = /^`(meshrr_[a-z0-9_]+)`$/.exec(cells[1] ?? '')?.[1];
    const type = cells[2];
    if (name === undefined || (type !== 'counter' && type !== 'gauge' && type !== 'histogram')) continue;
    const labels = [...(cells[3] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    rows.push({ name, type, labels });
  }
  return rows;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== 'node_modules' && entry !== 'dist') out.push(...sourceFiles(path));
    } else if (entry.endsWith('.ts') && !entry.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/**
 * Every `meshrr_*` metric declared in the `src/` of the workspace's packages and examples: a
 * `.counter(`, `.gauge(` or `.histogram(` call whose options name it.
 */
export function declaredMetrics(workspaceRoot: string): DeclaredMetric[] {
  const out: DeclaredMetric[] = [];
  for (const parent of ['packages', 'examples']) {
    for (const pkg of readdirSync(join(workspaceRoot, parent))) {
      const src = join(workspaceRoot, parent, pkg, 'src');
      if (!statSync(join(workspaceRoot, parent, pkg)).isDirectory()) continue;
      let files: string[];
      try {
        files = sourceFiles(src);
      } catch {
        continue;
      }
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/\.(counter|gauge|histogram)\(\{\s*name:\s*'(meshrr_[a-z0-9_]+)'/g))
          out.push({ type: m[1] as DeclaredMetric['type'], name: m[2]!, file });
      }
    }
  }
  return out;
}

/** Problems with a name or its labels under the naming scheme of docs/metrics.md. */
export function namingProblems(row: MetricRow): string[] {
  const problems: string[] = [];
  if (!/^meshrr_[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(row.name)) problems.push('not meshrr_<subsystem>_<what> snake_case');
  if (row.type === 'counter' && !row.name.endsWith('_total')) problems.push('a counter must end in _total');
  if (row.type !== 'counter' && row.name.endsWith('_total')) problems.push('only counters end in _total');
  if (row.type === 'histogram' && !/_(seconds|bytes)$/.test(row.name)) problems.push('a histogram needs a base unit');
  if (/_(ms|milliseconds|minutes|kb|mb)(_|$)/.test(row.name)) problems.push('use base units (seconds, bytes)');
  for (const label of row.labels)
    if (!/^[a-z][a-z0-9_]*$/.test(label)) problems.push(`label ${label} is not snake_case`);
  return problems;
}
