import { FILE_LIMITS, readBoundedTextSync } from '@meshrr/core';
import { parse as parseYaml, stringify } from 'yaml';
import { podConfigFile, publishConfigMap } from '../agent/podConfig.js';
import { LabError } from '../errors.js';
import { findRouter, requireState } from '../state/labState.js';
import { isAlive } from '../system/processes.js';
import { stateDirOf, type LabRef } from './handle.js';

/** How {@link labEditConfig} delivers an edit. */
export interface EditConfigOptions {
  /** Also send the agent SIGHUP at once (`kubectl exec … kill -HUP 1`), besides the file update. */
  readonly sighup?: boolean;
}

/**
 * Edits the meshrr.conf.yml of a running route reflector's pod like an operator editing its
 * ConfigMap: `edit` gets the pod's current configuration (as the lab wrote it: resolvers and Secret
 * paths already pointing into the pod) and returns the new one, which the kubelet's way of updating
 * a ConfigMap volume publishes (a new version directory, `..data` swapped; {@link publishConfigMap}).
 * The agent is not restarted: it follows the file (and, with `sighup`, is signalled too). Returns
 * the agent's PID (the same before and after: a restart would change it).
 * @throws {LabError} for an unknown router, one without a running agent, or an unreadable configuration.
 */
export function labEditConfig(
  ref: LabRef,
  routerName: string,
  edit: (config: Record<string, unknown>) => unknown,
  options: EditConfigOptions = {},
): { readonly agentPid: number } {
  const state = requireState(stateDirOf(ref));
  const router = findRouter(state, routerName);
  const agent = router.processes.agent;
  if (agent === undefined || !isAlive(agent)) throw new LabError(`router ${routerName} runs no agent`);
  const file = podConfigFile(router.dir);
  let current: unknown;
  try {
    current = parseYaml(readBoundedTextSync(file, { maxBytes: FILE_LIMITS.configuration, what: 'meshrr.conf.yml' }));
  } catch (error) {
    throw new LabError(`cannot read ${file}`, { cause: error });
  }
  if (typeof current !== 'object' || current === null) throw new LabError(`${file} is not a mapping`);
  publishConfigMap(router.dir, stringify(edit(structuredClone(current as Record<string, unknown>))));
  if (options.sighup === true) process.kill(agent.pid, 'SIGHUP');
  return { agentPid: agent.pid };
}
