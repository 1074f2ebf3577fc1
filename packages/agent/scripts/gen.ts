/**
 * `npm run gen` (from the root, or in this package): writes docs/cli.md from the meshrr program and
 * @meshrr/core's schema/meshrr.conf.schema.json (core's zod schema plus the built-in providers'
 * source options). src/cli/reference.test.ts and src/config/configSchemaFile.test.ts fail when a
 * committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commandTree } from '../src/cli/commandTree.js';
import { conventionsHelp, meshrrProgram } from '../src/cli/program.js';
import { cliReference } from '../src/cli/reference.js';
import { configSchemaText } from '../src/config/configSchemaFile.js';

const target = fileURLToPath(new URL('../../../docs/cli.md', import.meta.url));
const program = meshrrProgram({ env: {}, stdout: () => undefined, stderr: () => undefined });
writeFileSync(target, cliReference(commandTree(program), conventionsHelp()));
console.log(`wrote ${target}`);

const schemaFile = fileURLToPath(new URL('../../core/schema/meshrr.conf.schema.json', import.meta.url));
writeFileSync(schemaFile, await configSchemaText());
console.log(`wrote ${schemaFile}`);
