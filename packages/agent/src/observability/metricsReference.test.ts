import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PromMetrics } from '../runtime/promMetrics.js';
import { declaredMetrics, metricsTable, namingProblems } from './metricsReference.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const table = metricsTable(readFileSync(`${root}docs/metrics.md`, 'utf8'));
const declared = declaredMetrics(root);

describe('docs/metrics.md, the one table of metric names', () => {
  it('lists every metric the code declares, with its type, and nothing the code does not declare', () => {
    expect(declared.length).toBeGreaterThan(15);
    const documented = new Map(table.map((r) => [r.name, r.type]));
    const missing = declared
      .filter((d) => documented.get(d.name) !== d.type)
      .map((d) => `${d.name} (${d.type}) in ${d.file}`);
    expect(missing, 'declared in code but missing from docs/metrics.md (or with another type)').toEqual([]);
    const names = new Set(declared.map((d) => d.name));
    expect(
      table.filter((r) => !names.has(r.name)).map((r) => r.name),
      'documented but declared nowhere',
    ).toEqual([]);
  });

  it('every documented name follows the naming scheme', () => {
    expect(table.flatMap((r) => namingProblems(r).map((p) => `${r.name}: ${p}`))).toEqual([]);
  });

  it('the scheme check catches what it is meant to catch', () => {
    expect(namingProblems({ name: 'meshrr_commits', type: 'counter', labels: [] })).toContain(
      'a counter must end in _total',
    );
    expect(namingProblems({ name: 'meshrr_lag_ms', type: 'gauge', labels: ['Group'] })).toEqual([
      'use base units (seconds, bytes)',
      'label Group is not snake_case',
    ]);
  });

  it('the Node.js process metrics keep their standard names (no meshrr_ prefix)', async () => {
    const body = (await new PromMetrics().expose()).body;
    expect(body).toMatch(/^process_cpu_seconds_total /m);
    expect(body).toMatch(/^process_resident_memory_bytes /m);
    expect(body).toMatch(/^nodejs_heap_size_used_bytes /m);
    expect(body).not.toContain('meshrr_process_');
  });
});
