import { configJsonSchema, type JsonSchema, type OptionsSchema } from '@meshrr/core';
import type { ZodType } from 'zod';
import { frrOptionsSchema } from '../platforms/frr/frrOptions.js';
import { junosOptionsSchema } from '../platforms/junos/junosOptions.js';

/**
 * The `source` option schemas of the built-in providers (dns, kubernetes, consul; static is
 * core's own), imported on demand as the agent does.
 */
export async function builtInSourceSchemas(): Promise<ReadonlyMap<string, ZodType & OptionsSchema<unknown>>> {
  const [{ dnsOptionsSchema }, { k8sOptionsSchema }, { consulOptionsSchema }] = await Promise.all([
    import('@meshrr/discovery-dns'),
    import('@meshrr/discovery-k8s'),
    import('@meshrr/discovery-consul'),
  ]);
  return new Map<string, ZodType & OptionsSchema<unknown>>([
    ['dns', dnsOptionsSchema],
    ['kubernetes', k8sOptionsSchema],
    ['consul', consulOptionsSchema],
  ]);
}

/**
 * The JSON Schema of meshrr.conf.yml shipped in @meshrr/core (schema/meshrr.conf.schema.json):
 * core's schema with the `source` options of every built-in provider and the `platform:` options of
 * the built-in platforms (junos, frr). Written by `npm run gen`.
 */
export async function shippedConfigSchema(): Promise<JsonSchema> {
  return configJsonSchema(
    await builtInSourceSchemas(),
    new Map<string, ZodType>([
      ['junos', junosOptionsSchema],
      ['frr', frrOptionsSchema],
    ]),
  );
}

/** The schema file's text: two-space JSON and a final newline. */
export async function configSchemaText(): Promise<string> {
  return `${JSON.stringify(await shippedConfigSchema(), null, 2)}\n`;
}
