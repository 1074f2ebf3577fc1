import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HANG_GUARD_MS } from '@meshrr/core/testing';

const SCRIPT = fileURLToPath(new URL('../../scripts/jinja2_reference.py', import.meta.url));
const CANDIDATES = ['python3', '/usr/bin/python3'];

let found: string | null | undefined;

/** The first Python 3 (PATH, then the system one) that can import `jinja2`, or `null`. */
function python(): string | null {
  if (found === undefined)
    found = CANDIDATES.find((p) => spawnSync(p, ['-c', 'import jinja2'], { encoding: 'utf8' }).status === 0) ?? null;
  return found;
}

/** Is Python 3 with the `jinja2` module available here? */
export function pythonJinja2Available(): boolean {
  return python() !== null;
}

/** Renders `template` with real Python Jinja2 as meshrr did. Throws when Python is missing or fails. */
export function renderWithPythonJinja2(template: string, context: Record<string, unknown>): string {
  const exe = python();
  if (exe === null) throw new Error('python3 with jinja2 is not installed');
  const r = spawnSync(exe, [SCRIPT], {
    input: JSON.stringify({ template, context }),
    encoding: 'utf8',
    timeout: HANG_GUARD_MS,
  });
  if (r.status !== 0) throw new Error(`python3 jinja2 reference failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}
