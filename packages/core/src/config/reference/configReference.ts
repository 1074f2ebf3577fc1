import type { JsonSchema } from './jsonSchema.js';

type Row = { key: string; schema: JsonSchema; required: boolean };

function typeOf(s: JsonSchema): string {
  const anyOf = s['anyOf'] as JsonSchema[] | undefined;
  if (anyOf !== undefined) return [...new Set(anyOf.map(typeOf))].join(' or ');
  const type = s['type'];
  if (Array.isArray(type)) return type.map((t) => typeOf({ ...s, type: t })).join(' or ');
  const min = s['minimum'];
  const max = s['maximum'];
  if (type === 'integer' || type === 'number') {
    const word = type === 'integer' ? 'integer' : 'number';
    if (min !== undefined && max !== undefined && max !== 86_400_000) return `${word} ${String(min)}–${String(max)}`;
    if (min !== undefined) return `${word} ≥ ${String(min)}`;
    return word;
  }
  if (type === 'array') return `list of ${typeOf((s['items'] ?? {}) as JsonSchema)}`;
  if (type === 'object') return 'mapping';
  return typeof type === 'string' ? type : 'any';
}

function requiredOrDefault(row: Row): string {
  if (row.required) return '**required**';
  const d = row.schema['default'];
  if (d === undefined) return 'optional';
  return `default \`${typeof d === 'string' ? d : JSON.stringify(d)}\``;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function rows(schema: JsonSchema, prefix = '', only?: readonly string[]): Row[] {
  const props = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema['required'] ?? []) as string[]);
  return Object.entries(props)
    .filter(([key, s]) => s['not'] === undefined && (only === undefined || only.includes(key)))
    .map(([key, s]) => ({ key: prefix + key, schema: s, required: required.has(key) }));
}

function table(list: readonly Row[]): string {
  return [
    '| Key | Type | Required / default | Notes |',
    '|---|---|---|---|',
    ...list.map(
      (r) =>
        `| \`${r.key}\` | ${typeOf(r.schema)} | ${requiredOrDefault(r)} | ${cell(String(r.schema['description'] ?? ''))} |`,
    ),
  ].join('\n');
}

function branch(schema: JsonSchema, kind: 'mesh' | 'subtractive'): JsonSchema {
  const props = schema['properties'] as Record<string, JsonSchema>;
  const items = props['bgpgroups']!['items'] as JsonSchema;
  const allOf = items['allOf'] as JsonSchema[];
  return allOf[kind === 'mesh' ? 0 : 1]!['then'] as JsonSchema;
}

/** The generated tables of the configuration reference, by block name. */
export function referenceTables(schema: JsonSchema): Record<string, string> {
  const props = schema['properties'] as Record<string, JsonSchema>;
  const mesh = branch(schema, 'mesh');
  const source = (mesh['properties'] as Record<string, JsonSchema>)['source']!;
  const extensions = ['safety', 'selection', 'quiescence', 'commit'].flatMap((name) => rows(props[name]!, `${name}.`));
  return {
    'top-level': table(rows(schema, '', ['encrypted_root_pw', 'asn', 'mode', 'bgpgroups'])),
    'group-keys': table(rows(mesh, '', ['name', 'type'])),
    mesh: table([
      ...rows(mesh, '', ['source']),
      ...rows(source, 'source.'),
      ...rows(mesh, '', ['max_peers', 'balance_across']),
    ]),
    subtractive: table(rows(branch(schema, 'subtractive'), '', ['prefixes', 'asranges'])),
    extensions: table([...extensions, ...rows(schema, '', ['plugins', 'platform'])]),
    'group-bgp': table(
      rows(branch(schema, 'subtractive'), '', [
        'families',
        'family_transport',
        'route_reflector_clients',
        'multihop_ttl',
        'transparent',
        'authentication',
        'timers',
        'bfd',
        'max_prefixes',
      ]),
    ),
    'router-bgp': table(rows(schema, '', ['router_id', 'families', 'family_transport', 'graceful_restart'])),
  };
}

/**
 * The configuration reference (README.md) with every `<!-- BEGIN GENERATED: name -->` …
 * `<!-- END GENERATED -->` block replaced by the table generated from `schema`. Prose outside the
 * blocks is kept as written. Throws when the README names a block that does not exist.
 */
export function renderConfigReference(readme: string, schema: JsonSchema): string {
  const tables = referenceTables(schema);
  return readme.replace(
    /(<!-- BEGIN GENERATED: ([a-z-]+) -->\n)[\s\S]*?(<!-- END GENERATED -->)/g,
    (_match, begin: string, name: string, end: string) => {
      const body = tables[name];
      if (body === undefined) throw new Error(`no generated table named ${name}`);
      return `${begin}${body}\n${end}`;
    },
  );
}
