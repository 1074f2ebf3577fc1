import { stringify } from 'yaml';
import type { BgpGroupConfig, MeshrrConfig } from '../api/config.js';
import { formatAsRange } from './asNumber.js';
import { DEFAULT_PLATFORM } from './platformSelection.js';
import { DEFAULT_COMMIT, DEFAULT_QUIESCENCE, DEFAULT_SAFETY, DEFAULT_SELECTION } from './schema/extensionSchemas.js';

function groupToYaml(group: BgpGroupConfig): Record<string, unknown> {
  if (group.kind === 'mesh') {
    const source = { sourcetype: group.source.sourcetype, ...group.source.options };
    if (group.maxPeers === undefined) return { name: group.name, type: 'mesh', source };
    const withMax = { name: group.name, type: 'mesh', source, max_peers: group.maxPeers };
    return group.balanceAcross === undefined ? withMax : { ...withMax, balance_across: [...group.balanceAcross] };
  }
  const base = { name: group.name, type: 'subtractive', prefixes: [...group.prefixes] };
  return group.asRanges.length === 0 ? base : { ...base, asranges: group.asRanges.map(formatAsRange) };
}

/** How one field of an extension block is written: its YAML key, and whether ms become seconds. */
type FieldKeys<T> = { readonly [K in keyof T]: readonly [yamlKey: string, msToSeconds?: true] };

/** The entries of `values` whose value differs from `defaults`, under their YAML keys. */
function changed<T extends object>(values: T, defaults: T, keys: FieldKeys<T>): Record<string, unknown> | undefined {
  const block: Record<string, unknown> = {};
  for (const field of Object.keys(keys) as (keyof T)[]) {
    const [key, msToSeconds] = keys[field];
    const value: unknown = values[field];
    if (value !== defaults[field]) block[key] = msToSeconds === true ? (value as number) / 1000 : value;
  }
  return Object.keys(block).length === 0 ? undefined : block;
}

/**
 * Writes a configuration back as `meshrr.conf.yml` text that {@link loadConfig} reads to an equal
 * `MeshrrConfig` (with the same `UPDATE_SECONDS`, which lives in the environment, not the file).
 * meshrr's keys come first, in meshrr's order; extension blocks and keys are written only when
 * they differ from their defaults, so a plain meshrr configuration stays plain (`platform:` only
 * when it is not junos without options; its options are written as they are held). `asn` is written
 * quoted in its configured spelling (asdot stays asdot); AS ranges are written asplain.
 */
export function formatConfigYaml(config: MeshrrConfig): string {
  const file: Record<string, unknown> = {
    encrypted_root_pw: config.encryptedRootPw,
    asn: config.asn.text,
    mode: config.mode,
    bgpgroups: config.groups.map(groupToYaml),
  };
  const safety = changed(config.safety, DEFAULT_SAFETY, {
    maxRemovalShare: ['max_removal_share'],
    removalWindowMs: ['removal_window_seconds', true],
    minGroupPeers: ['min_group_peers'],
    allowLargeRemovals: ['allow_large_removals'],
    vanishedHoldDownMs: ['vanished_hold_down_seconds', true],
  });
  const selection = changed(config.selection, DEFAULT_SELECTION, {
    sessionPollMs: ['session_poll_seconds', true],
    sessionDownHoldMs: ['session_down_hold_seconds', true],
    healthWindowMs: ['health_window_seconds', true],
    penaltyMs: ['penalty_seconds', true],
    penaltyMaxMs: ['penalty_max_seconds', true],
    balanceDelayMs: ['balance_delay_seconds', true],
    balanceIntervalMs: ['balance_interval_seconds', true],
    balanceTolerance: ['balance_tolerance'],
  });
  const quiescence = changed(config.quiescence, DEFAULT_QUIESCENCE, {
    minMs: ['min_seconds', true],
    maxMs: ['max_seconds', true],
  });
  const commit = changed(config.commit, DEFAULT_COMMIT, {
    confirmTimeoutS: ['confirm_timeout_seconds'],
    comment: ['comment'],
    verifyMs: ['verify_seconds', true],
  });
  if (safety !== undefined) file['safety'] = safety;
  if (selection !== undefined) file['selection'] = selection;
  if (quiescence !== undefined) file['quiescence'] = quiescence;
  if (commit !== undefined) file['commit'] = commit;
  if (config.plugins.length > 0) file['plugins'] = [...config.plugins];
  const platformOptions =
    typeof config.platform.options === 'object' && config.platform.options !== null ? config.platform.options : {};
  if (config.platform.name !== DEFAULT_PLATFORM || Object.keys(platformOptions).length > 0)
    file['platform'] = { name: config.platform.name, ...platformOptions };
  return stringify(file, { version: '1.2', lineWidth: 0, aliasDuplicateObjects: false });
}
