import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/jinja2_reference.py', import.meta.url));

/** Is Python 3 with the `jinja2` module available here? */
export function pythonJinja2Available(): boolean {
  const r = spawnSync('python3', ['-c', 'import jinja2'], { encoding: 'utf8' });
  return r.status === 0;
}

/** Renders `template` with real Python Jinja2 as meshrr did. Throws when Python fails. */
export function renderWithPythonJinja2(template: string, context: Record<string, unknown>): string {
  const r = spawnSync('python3', [SCRIPT], { input: JSON.stringify({ template, context }), encoding: 'utf8', timeout: 20_000 });
  if (r.status !== 0) throw new Error(`python3 jinja2 reference failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}
