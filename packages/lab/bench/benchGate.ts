import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { checkPrerequisites } from '../src/index.js';

/** The workspace's built agent, which the lab benchmarks run once per route reflector. */
export const AGENT_MAIN = resolve(import.meta.dirname, '../../agent/dist/main.js');

/**
 * Why a lab benchmark cannot run here (not root, a missing program, or an agent bundle that cannot
 * run the FRR platform), or undefined when it can.
 */
export function labBenchBlocker(): string | undefined {
  const prerequisites = checkPrerequisites();
  if (!prerequisites.root) return 'needs root';
  if (prerequisites.missing.length > 0) return `missing ${prerequisites.missing.join(', ')}`;
  const help = spawnSync(process.execPath, [AGENT_MAIN, 'run', '--help'], { encoding: 'utf8' });
  if (help.status !== 0 || !help.stdout.includes('--frr-templates'))
    return `the agent ${AGENT_MAIN} cannot run the FRR platform: build packages/agent`;
  return undefined;
}
