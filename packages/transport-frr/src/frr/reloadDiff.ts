import { pushAll } from '@meshrr/core';
/** The difference frr-reload.py found between a candidate file and the running configuration. */
export interface ReloadDiff {
  /** Commands it would run to delete (`no ...`, with their context lines), as printed. */
  readonly toDelete: readonly string[];
  /** Context and commands it would add, as printed. */
  readonly toAdd: readonly string[];
}

/**
 * Parses the stdout of `frr-reload.py --test --stdout`: the `Lines To Delete` and `Lines To Add`
 * sections (each under a `===` rule). No section means no difference. Log lines go to stderr
 * and are never part of stdout.
 */
export function parseReloadDiff(stdout: string): ReloadDiff {
  const toDelete: string[] = [];
  const toAdd: string[] = [];
  let section: string[] | undefined;
  for (const line of stdout.split('\n')) {
    if (line === 'Lines To Delete') section = toDelete;
    else if (line === 'Lines To Add') section = toAdd;
    else if (/^=+$/.test(line) || line.trim() === '') continue;
    else if (section !== undefined) section.push(line);
  }
  return { toDelete, toAdd };
}

/** True when frr-reload would change nothing. */
export function isEmptyDiff(diff: ReloadDiff): boolean {
  return diff.toDelete.length === 0 && diff.toAdd.length === 0;
}

/** The diff as text (`Lines To Delete`/`Lines To Add` sections); empty string when empty. */
export function formatReloadDiff(diff: ReloadDiff): string {
  const parts: string[] = [];
  if (diff.toDelete.length > 0) {
    parts.push('Lines To Delete', '===============');
    pushAll(parts, diff.toDelete);
  }
  if (diff.toAdd.length > 0) {
    if (parts.length > 0) parts.push('');
    parts.push('Lines To Add', '============');
    pushAll(parts, diff.toAdd);
  }
  return parts.length === 0 ? '' : `${parts.join('\n')}\n`;
}

/**
 * The `router bgp` instances the diff would delete (`no router bgp 65000` → `65000`). Deleting
 * the instance drops every BGP session of the router: meshrr never does it.
 */
export function deletedBgpInstances(diff: ReloadDiff): string[] {
  return diff.toDelete
    .map((line) => /^no router bgp (\S+)$/.exec(line.trim())?.[1])
    .filter((asn): asn is string => asn !== undefined);
}
