import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commandTree } from './commandTree.js';
import { conventionsHelp, meshrrProgram } from './program.js';
import { cliReference } from './reference.js';

describe('docs/cli.md', () => {
  it('is what `npm run gen` writes from the program (run it after changing a command or flag)', async () => {
    const committed = readFileSync(fileURLToPath(new URL('../../../../docs/cli.md', import.meta.url)), 'utf8');
    const program = meshrrProgram({ env: {}, stdout: () => undefined, stderr: () => undefined });
    const generated = cliReference(commandTree(program), conventionsHelp());
    expect(committed, 'docs/cli.md is stale: run `npm run gen`').toBe(generated);
    expect(generated).toContain('| `--http-port <port>` |  |  | `MESHRR_HTTP_PORT` |');
    expect(generated).toContain('| 3 | plan: the device would change (changes pending) |');
  });
});
