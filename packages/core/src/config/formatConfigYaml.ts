import { stringify } from 'yaml';
import type { GracefulRestart } from '../api/bgp.js';
import type { BgpGroupConfig, GroupBgpConfig, MeshrrConfig } from '../api/config.js';
import { formatAsRange } from './asNumber.js';
import { DEFAULT_PLATFORM } from './platformSelection.js';
import { DEFAULT_COMMIT, DEFAULT_QUIESCENCE, DEFAULT_SAFETY, DEFAULT_SELECTION } from './schema/extensionSchemas.js';

/** The BGP keys of a group as written in the file (only the ones set). */
function groupBgpToYaml(bgp: GroupBgpConfig | undefined): Record<string, unknown> {
  if (bgp === undefined) return {};
  const out: Record<string, unknown> = {};
  if (bgp.families !== undefined) out['families'] = [...bgp.families];
  if (bgp.familyTransport !== undefined) out['family_transport'] = bgp.familyTransport;
  if (bgp.routeReflectorClients !== undefined) out['route_reflector_clients'] = bgp.routeReflectorClients;
  if (bgp.multihopTtl !== undefined) out['multihop_ttl'] = bgp.multihopTtl;
  if (bgp.transparent !== undefined) out['transparent'] = bgp.transparent;
  const auth = bgp.authentication;
  if (auth === false) out['authentication'] = false;
  else if (auth?.method === 'md5') out['authentication'] = { method: 'md5', key_file: auth.keyFile };
  else if (auth?.method === 'tcp-ao')
    out['authentication'] = {
      method: 'tcp-ao',
      key_file: auth.keyFile,
      send_id: auth.sendId,
      recv_id: auth.recvId,
      algorithm: auth.algorithm,
    };
  if (bgp.timers === false) out['timers'] = false;
  else if (bgp.timers !== undefined)
    out['timers'] = {
      hold_seconds: bgp.timers.holdTimeS,
      ...(bgp.timers.keepaliveS === undefined ? {} : { keepalive_seconds: bgp.timers.keepaliveS }),
    };
  if (bgp.bfd === false) out['bfd'] = false;
  else if (bgp.bfd !== undefined)
    out['bfd'] = { minimum_interval_ms: bgp.bfd.minimumIntervalMs, multiplier: bgp.bfd.multiplier };
  if (bgp.prefixLimit === false) out['max_prefixes'] = false;
  else if (bgp.prefixLimit !== undefined)
    out['max_prefixes'] = {
      limit: bgp.prefixLimit.maximum,
      warning_only: bgp.prefixLimit.warningOnly,
      ...(bgp.prefixLimit.restartMinutes === undefined ? {} : { restart_minutes: bgp.prefixLimit.restartMinutes }),
    };
  return out;
}

function groupToYaml(group: BgpGroupConfig): Record<string, unknown> {
  if (group.kind === 'mesh') {
    const source = { sourcetype: group.source.sourcetype, ...group.source.options };
    const base =
      group.maxPeers === undefined
        ? { name: group.name, type: 'mesh', source }
        : { name: group.name, type: 'mesh', source, max_peers: group.maxPeers };
    const balanced = group.balanceAcross === undefined ? base : { ...base, balance_across: [...group.balanceAcross] };
    return { ...balanced, ...groupBgpToYaml(group.bgp) };
  }
  const base = { name: group.name, type: 'subtractive', prefixes: [...group.prefixes] };
  const withRanges = group.asRanges.length === 0 ? base : { ...base, asranges: group.asRanges.map(formatAsRange) };
  return { ...withRanges, ...groupBgpToYaml(group.bgp) };
}

function gracefulRestartToYaml(gr: GracefulRestart | false): unknown {
  if (gr === false) return false;
  return {
    restart_time_seconds: gr.restartTimeS,
    stale_routes_time_seconds: gr.staleRoutesTimeS,
    ...(gr.longLivedStaleTimeS === undefined ? {} : { long_lived_stale_time_seconds: gr.longLivedStaleTimeS }),
  };
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
  if (config.routerId !== undefined) file['router_id'] = config.routerId;
  if (config.gracefulRestart !== undefined) file['graceful_restart'] = gracefulRestartToYaml(config.gracefulRestart);
  return stringify(file, { version: '1.2', lineWidth: 0, aliasDuplicateObjects: false });
}
