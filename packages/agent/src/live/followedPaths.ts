import { resolve } from 'node:path';
import type { AgentConfiguration } from '../commands/agentSetup.js';
import { MESHRR_PATHS } from '../config/paths.js';
import type { FollowedPaths } from './configWatcher.js';

/**
 * The files the running agent reads and follows: `meshrr.conf.yml` (the given path, else meshrr's
 * default path, followed even while it does not exist so that creating it counts), every session
 * key file, and the platform's own files — FRR's template directory (`templates`), the Junos
 * agent's SSH key (`ssh_key`). Static peer lists are not here: the static source follows them
 * itself, as a discovery change rather than a reload.
 */
export function followedPaths(configPath: string | undefined, configuration: AgentConfiguration): FollowedPaths {
  const raw = configuration.config.platform.options;
  const options: Readonly<Record<string, unknown>> =
    typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const platformFile = (key: string): string[] => {
    const value = options[key];
    return typeof value === 'string' && value !== '' ? [resolve(value)] : [];
  };
  const name = configuration.config.platform.name;
  return {
    files: [
      resolve(configPath ?? MESHRR_PATHS.config),
      ...configuration.keyFiles.map((file) => resolve(file)),
      ...(name === 'junos' ? platformFile('ssh_key') : []),
    ],
    directories: name === 'frr' ? platformFile('templates') : [],
  };
}
