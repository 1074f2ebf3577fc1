import { z } from 'zod';
import { staticOptionsSchema } from '../../discovery/static/staticOptions.js';
import { DEFAULT_PLATFORM, PLATFORM_NAME_PATTERN } from '../platformSelection.js';
import { fileSchema } from '../schema/fileSchema.js';
import { GROUP_TYPES, meshSchema, subtractiveSchema } from '../schema/groupSchema.js';

/** A JSON Schema document (draft 2020-12), as plain data. */
export type JsonSchema = { [key: string]: unknown };

/** Where the published schema lives (its `$id`); editors may also use a relative path to the file. */
export const CONFIG_SCHEMA_ID =
  'https://raw.githubusercontent.com/meshrr-ts/meshrr/main/packages/core/schema/meshrr.conf.schema.json';

/**
 * zod's JSON Schema of the file as written (`io: input`). zod drops `default` in input mode where a
 * transform follows; the file-unit defaults are in each key's metadata (`.meta({ default })`), so
 * they are put back from there.
 */
function toJson(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
    override: (ctx) => {
      const meta = z.globalRegistry.get(ctx.zodSchema);
      if (meta !== undefined && 'default' in meta) ctx.jsonSchema.default = meta['default'];
    },
  }) as JsonSchema;
  delete json['$schema'];
  return json;
}

/** A JSON Schema regex matching `word` in any case (`mesh` → `^[mM][eE][sS][hH]$`). */
export function anyCasePattern(word: string): string {
  const chars = [...word].map((c) =>
    c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`,
  );
  return `^${chars.join('')}$`;
}

function properties(schema: JsonSchema): Record<string, JsonSchema> {
  return (schema['properties'] ?? {}) as Record<string, JsonSchema>;
}

/** `if sourcetype is <kind> then <the provider's options>` (an absent sourcetype means dns). */
function sourceBranch(kind: string, options: z.ZodType): JsonSchema {
  const pattern = { properties: { sourcetype: { pattern: anyCasePattern(kind) } }, required: ['sourcetype'] };
  const then = toJson(options);
  // the provider's schema is strict: let it know the two keys meshrr itself reads
  then['properties'] = { sourcetype: {}, ...properties(then) };
  return { if: kind === 'dns' ? { anyOf: [{ not: { required: ['sourcetype'] } }, pattern] } : pattern, then };
}

/** `if name is <platform> then <the platform's options>` (an absent name means junos). */
function platformBranch(name: string, options: z.ZodType): JsonSchema {
  const pattern = { properties: { name: { const: name } }, required: ['name'] };
  const then = toJson(options);
  then['properties'] = { name: {}, ...properties(then) };
  return { if: name === DEFAULT_PLATFORM ? { anyOf: [{ not: { required: ['name'] } }, pattern] } : pattern, then };
}

/** The `platform:` block: a name of the platform grammar, and each platform's options by name. */
function platformJson(block: JsonSchema, platformSchemas: ReadonlyMap<string, z.ZodType>): JsonSchema {
  return {
    ...block,
    type: 'object',
    properties: { name: { type: 'string', pattern: PLATFORM_NAME_PATTERN.source, default: DEFAULT_PLATFORM } },
    allOf: [...platformSchemas].sort(([a], [b]) => a.localeCompare(b)).map(([n, s]) => platformBranch(n, s)),
  };
}

/**
 * The JSON Schema of `meshrr.conf.yml`, generated from the zod schema `loadConfig` uses (one
 * source): keys, types, defaults and descriptions, groups by `type`, the `source` options of
 * `static` plus every provider in `sourceSchemas` (kind → the provider's zod schema), and the
 * `platform:` options of every platform in `platformSchemas` (name → the platform's zod schema). It
 * is what an editor can check; `loadConfig` checks more (cross-field rules such as overlapping prefixes).
 */
export function configJsonSchema(
  sourceSchemas: ReadonlyMap<string, z.ZodType> = new Map(),
  platformSchemas: ReadonlyMap<string, z.ZodType> = new Map(),
): JsonSchema {
  const root = toJson(fileSchema);
  properties(root)['platform'] = platformJson(properties(root)['platform'] ?? {}, platformSchemas);
  const providers = new Map<string, z.ZodType>([['static', staticOptionsSchema], ...sourceSchemas]);
  const branch = (kind: 'mesh' | 'subtractive', schema: z.ZodType): JsonSchema => {
    const json = toJson(schema);
    properties(json)['type'] = { ...properties(json)['type'], pattern: anyCasePattern(kind) };
    if (kind === 'mesh') {
      const source = properties(json)['source']!;
      source['allOf'] = [...providers].sort(([a], [b]) => a.localeCompare(b)).map(([k, s]) => sourceBranch(k, s));
    }
    return json;
  };
  const typeNames = Object.keys(GROUP_TYPES);
  const bgpgroups = properties(root)['bgpgroups']!;
  bgpgroups['items'] = {
    type: 'object',
    required: ['name', 'type'],
    properties: {
      type: { type: 'string', pattern: `^(?:${typeNames.map((t) => anyCasePattern(t).slice(1, -1)).join('|')})$` },
    },
    allOf: [
      { if: { properties: { type: { pattern: anyCasePattern('mesh') } } }, then: branch('mesh', meshSchema) },
      {
        if: { properties: { type: { pattern: anyCasePattern('subtractive') } } },
        then: branch('subtractive', subtractiveSchema),
      },
    ],
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: CONFIG_SCHEMA_ID,
    title: 'meshrr.conf.yml',
    description:
      "meshrr's configuration (Juniper meshrr compatible). Generated from @meshrr/core's zod schema by `npm run gen`; the reference is packages/core/src/config/README.md.",
    ...root,
  };
}
