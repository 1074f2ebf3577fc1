/**
 * `npm run gen` (from the root, or in this package): writes docs/cli.md from the meshrr program.
 * The test src/cli/reference.test.ts fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commandTree } from '../src/cli/commandTree.js';
import { conventionsHelp, meshrrProgram } from '../src/cli/program.js';
import { cliReference } from '../src/cli/reference.js';

const target = fileURLToPath(new URL('../../../docs/cli.md', import.meta.url));
const program = meshrrProgram({ env: {}, stdout: () => undefined, stderr: () => undefined });
writeFileSync(target, cliReference(commandTree(program), conventionsHelp()));
console.log(`wrote ${target}`);
