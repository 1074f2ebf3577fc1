/**
 * `npm run gen` (from the root, or in this package): regenerates the key tables of the
 * configuration reference (src/config/README.md) from the zod schema. The JSON Schema file
 * (schema/meshrr.conf.schema.json) includes the discovery providers' options, so the agent's
 * generator writes it. src/config/reference/configReference.test.ts fails when the README is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configJsonSchema } from '../src/config/reference/jsonSchema.js';
import { renderConfigReference } from '../src/config/reference/configReference.js';

const readme = fileURLToPath(new URL('../src/config/README.md', import.meta.url));
writeFileSync(readme, renderConfigReference(readFileSync(readme, 'utf8'), configJsonSchema()));
console.log(`wrote ${readme}`);
