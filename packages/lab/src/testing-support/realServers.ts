import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkPrerequisites } from '../system/prerequisites.js';
import { HANG_GUARD_MS } from '@meshrr/core/testing';

/** Whether real-daemon lab tests run here, and why not. */
export interface LabTestGate {
  /** Run the tests (they then FAIL if the machine cannot, when real servers are required). */
  readonly run: boolean;
  readonly reason: string;
}

const REQUIRED = process.env['MESHRR_REQUIRE_REAL_SERVERS'] === '1';

function gate(problems: readonly string[], what: string): LabTestGate {
  if (problems.length === 0) return { run: true, reason: '' };
  const reason = `${what}: ${problems.join('; ')}`;
  if (REQUIRED) return { run: true, reason };
  console.warn(`\n!!! SKIPPING ${reason} (set MESHRR_REQUIRE_REAL_SERVERS=1 to make this a failure)\n`);
  return { run: false, reason };
}

/** Gate for lab tests with FRR and bind9 only (root + programs). */
export function labInfraGate(): LabTestGate {
  const report = checkPrerequisites();
  const problems = [
    ...(report.root ? [] : ['not root']),
    ...(report.missing.length > 0
      ? [`missing ${report.missing.join(', ')} (packages ${report.packages.join(' ')})`]
      : []),
  ];
  return gate(problems, 'lab tests with real FRR and bind9');
}

/** The workspace's built agent entry point (`packages/agent/dist/main.js`; nx builds it before these tests). */
export const AGENT_MAIN = resolve(import.meta.dirname, '../../../agent/dist/main.js');

/** Why the built agent cannot serve the lab (`run --help` must work and offer the FRR flags), or nothing. */
function agentProblems(): string[] {
  if (!existsSync(AGENT_MAIN))
    return [`agent not built: ${AGENT_MAIN} (cd packages/agent && npx tsc -b tsconfig.lib.json)`];
  const help = spawnSync(process.execPath, [AGENT_MAIN, 'run', '--help'], { encoding: 'utf8', timeout: HANG_GUARD_MS });
  const text = `${help.stdout}${help.stderr}`;
  if (help.status !== 0)
    return [
      `${AGENT_MAIN} run --help exited with ${String(help.status)}: ${text.trim().split('\n').slice(0, 3).join(' | ')}`,
    ];
  const missing = [
    '--platform',
    '--frr-vty-dir',
    '--frr-config',
    '--http-port',
    '--frr-templates',
    '--connected-file',
    '--drain-seconds',
  ].filter((flag) => !text.includes(flag));
  return missing.length === 0 ? [] : [`${AGENT_MAIN} run lacks ${missing.join(', ')}`];
}

/** Gate for lab tests that also run the meshrr agent. */
export function labAgentGate(): LabTestGate {
  const infra = checkPrerequisites();
  const problems = [
    ...(infra.root ? [] : ['not root']),
    ...(infra.missing.length > 0 ? [`missing ${infra.missing.join(', ')} (packages ${infra.packages.join(' ')})`] : []),
    ...agentProblems(),
  ];
  return gate(problems, 'lab end-to-end tests with real FRR, bind9 and the meshrr agent');
}

/** The BIRD platform plugin's built entry (the agent imports it from node_modules: `plugins: [meshrr-platform-bird]`). */
export const BIRD_PLUGIN_MAIN = resolve(import.meta.dirname, '../../../../examples/platform-plugin-bird/dist/index.js');

/** Gate for lab tests with BIRD route reflectors: the agent gate, plus bird2 and the built BIRD plugin. */
export function labBirdGate(): LabTestGate {
  const infra = checkPrerequisites({ bird: true });
  const problems = [
    ...(infra.root ? [] : ['not root']),
    ...(infra.missing.length > 0 ? [`missing ${infra.missing.join(', ')} (packages ${infra.packages.join(' ')})`] : []),
    ...agentProblems(),
    ...(existsSync(BIRD_PLUGIN_MAIN)
      ? []
      : [`BIRD plugin not built: ${BIRD_PLUGIN_MAIN} (cd examples/platform-plugin-bird && npm run build)`]),
  ];
  return gate(problems, 'lab end-to-end tests with real BIRD, FRR, bind9 and the meshrr agent');
}

/** A fresh state directory for one test lab. */
export function labStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'mlab-test-'));
}

/** A shipped example topology. */
export function exampleTopology(name: string): string {
  return resolve(import.meta.dirname, `../../../../examples/lab/${name}/topology.yml`);
}
