import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readChart } from './chartFiles.js';

const CHART_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'meshrr');
const chart = readChart(CHART_DIR);
const schema = JSON.parse(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
const defaults = parse(chart.values) as Record<string, unknown>;

/** Helm's coalescing of a -f file over the chart's values: maps merge, everything else is replaced, null deletes. */
function coalesce(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    if (value === null) delete out[key];
    else if (isMap(value) && isMap(current)) out[key] = coalesce(current, value);
    else out[key] = value;
  }
  return out;
}
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const errorsOf = (values: unknown): string[] =>
  validate(values) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);

describe('values.schema.json (helm validates install values against it)', () => {
  it('accepts values.yaml', () => {
    expect(errorsOf(defaults)).toEqual([]);
  });

  it.each([...chart.ciValues.keys()])('accepts ci/%s over values.yaml', (name) => {
    expect(errorsOf(coalesce(defaults, parse(chart.ciValues.get(name)!) as Record<string, unknown>))).toEqual([]);
  });

  it.each([
    ['an unknown top-level key', { agnet: {} }, 'must NOT have additional properties'],
    [
      'an unknown workload kind',
      { instances: [{ name: 'a', kind: 'Pod' }] },
      'must be equal to one of the allowed values',
    ],
    [
      'an unknown platform',
      { instances: [{ name: 'a', platform: 'eos' }] },
      'must be equal to one of the allowed values',
    ],
    ['a port as text', { agent: { httpPort: 'http' } }, 'must be integer'],
    ['a port out of range', { agent: { httpPort: 70000 } }, 'must be <= 65535'],
    ['an instance without a name', { instances: [{ kind: 'Deployment' }] }, "must have required property 'name'"],
    ['a name that is not a DNS label', { instances: [{ name: 'Core_RR' }] }, 'must match pattern'],
    [
      'a scrape interval that is not a duration',
      { monitoring: { podMonitor: { interval: 'often' } } },
      'must match pattern',
    ],
    ['no instances', { instances: [] }, 'must NOT have fewer than 1 items'],
    [
      'a NetworkPolicy network that is not a CIDR',
      { networkPolicy: { bgp: { cidrs: ['10.0.0.1'] } } },
      'must match pattern',
    ],
    [
      'an ipBlock among the NetworkPolicy peers (networks go in cidrs)',
      { networkPolicy: { metrics: { from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] } } },
      'must NOT have additional properties',
    ],
  ])('refuses %s', (_name, override, message) => {
    expect(errorsOf(coalesce(defaults, override)).join('\n')).toContain(message);
  });

  it('describes every key of values.yaml (nothing the chart reads is outside the schema)', () => {
    const missing: string[] = [];
    const walk = (value: unknown, node: Record<string, unknown>, path: string): void => {
      if (!isMap(value)) return;
      const props = (node['properties'] ?? {}) as Record<string, Record<string, unknown>>;
      for (const [key, v] of Object.entries(value)) {
        const sub = props[key];
        if (sub === undefined) {
          if (node['additionalProperties'] === false) missing.push(`${path}${key}`);
          continue;
        }
        if (sub['type'] === 'object' && sub['properties'] !== undefined) walk(v, sub, `${path}${key}.`);
      }
    };
    walk(defaults, schema as Record<string, unknown>, '');
    expect(missing).toEqual([]);
  });
});
