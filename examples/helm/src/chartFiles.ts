import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, parseDocument, type YAMLMap } from 'yaml';

/** The chart's files as text: `Chart.yaml`, `values.yaml`, `ci/*.yaml` and `templates/*`. */
export interface ChartFiles {
  readonly chart: string;
  readonly values: string;
  readonly ciValues: ReadonlyMap<string, string>;
  readonly templates: ReadonlyMap<string, string>;
}

/** Reads the chart in `dir`. */
export function readChart(dir: string): ChartFiles {
  const read = (sub: string): Map<string, string> =>
    new Map(
      readdirSync(join(dir, sub))
        .sort()
        .map((name) => [name, readFileSync(join(dir, sub, name), 'utf8')]),
    );
  return {
    chart: readFileSync(join(dir, 'Chart.yaml'), 'utf8'),
    values: readFileSync(join(dir, 'values.yaml'), 'utf8'),
    ciValues: read('ci'),
    templates: read('templates'),
  };
}

/** The Go-template actions (`{{ … }}`) of a template, trimmed, without the `-` markers. */
export function actions(template: string): string[] {
  return [...template.matchAll(/\{\{-?\s*([\s\S]*?)\s*-?\}\}/g)].map((m) => (m[1] ?? '').trim());
}

/**
 * Checks that block actions (`if`, `range`, `with`, `define`) and `end` pair up in order.
 * Returns the problems found (empty when balanced).
 */
export function blockProblems(template: string): string[] {
  const stack: string[] = [];
  const problems: string[] = [];
  for (const action of actions(template)) {
    if (action.startsWith('/*')) continue;
    const word = /^(if|range|with|define|end|else)\b/.exec(action)?.[1];
    if (word === 'end') {
      if (stack.pop() === undefined) problems.push('"end" without an open block');
    } else if (word === 'else') {
      if (stack.length === 0) problems.push('"else" outside a block');
    } else if (word !== undefined) stack.push(word);
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  return problems;
}

/**
 * Every key path of `values.yaml` that has no `#` comment directly above it (the first key of a
 * map may be documented by the comment above its map). Subtrees under `skip` paths are not
 * inspected (Kubernetes objects documented as a whole, example lists).
 */
export function undocumentedKeys(valuesText: string, skip: readonly string[]): string[] {
  const missing: string[] = [];
  const walk = (map: YAMLMap, prefix: string): void => {
    map.items.forEach((pair, index) => {
      const key = String((pair.key as { value?: unknown }).value);
      const path = prefix + key;
      const comment =
        (pair.key as { commentBefore?: string | null }).commentBefore ?? (index === 0 ? map.commentBefore : undefined);
      if (!comment?.trim()) missing.push(path);
      if (!skip.includes(path) && isMap(pair.value)) walk(pair.value, `${path}.`);
    });
  };
  const contents = parseDocument(valuesText).contents;
  if (isMap(contents)) walk(contents, '');
  return missing;
}
