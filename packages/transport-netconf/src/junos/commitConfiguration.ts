import type { NetconfClient, RpcCallOptions } from '../rpc/netconfClient.js';
import { assertRpcOk } from '../rpc/rpcFailure.js';
import type { RpcReply } from '../rpc/rpcReply.js';
import { escapeXml } from '../xml/index.js';

/** Junos' largest `confirm-timeout` (minutes). */
const MAX_CONFIRM_MINUTES = 65_535;

/** Arguments of {@link commitConfiguration}. */
export interface JunosCommitRequest {
  /** `<check/>` only: validate without activating. */
  readonly check?: boolean;
  /** Commit confirmed, rolled back unless confirmed in time. Seconds, rounded UP to whole minutes (Junos counts minutes; at least 1). */
  readonly confirmTimeoutS?: number;
  /** `<log>` commit comment. */
  readonly comment?: string;
}

/** Minutes Junos is asked for: `ceil(seconds / 60)`, at least 1, at most 65 535. Throws `RangeError` on a non-positive or non-finite value. */
export function confirmMinutes(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new RangeError(`confirm timeout must be a positive number of seconds, got ${seconds}`);
  return Math.min(MAX_CONFIRM_MINUTES, Math.max(1, Math.ceil(seconds / 60)));
}

/** The `<commit-configuration>` element in PyEZ's child order: `log`, `check` | `confirmed` + `confirm-timeout`. Pure. */
export function commitConfigurationXml(request: JunosCommitRequest = {}): string {
  const parts: string[] = [];
  if (request.comment !== undefined && request.comment !== '') parts.push(`<log>${escapeXml(request.comment)}</log>`);
  if (request.check === true) parts.push('<check/>');
  else if (request.confirmTimeoutS !== undefined)
    parts.push(`<confirmed/><confirm-timeout>${confirmMinutes(request.confirmTimeoutS)}</confirm-timeout>`);
  return parts.length === 0
    ? '<commit-configuration/>'
    : `<commit-configuration>${parts.join('')}</commit-configuration>`;
}

/**
 * Junos `<commit-configuration>`. Success is the absence of severity-`error` rpc-errors (replies
 * may be `<ok/>` only, `commit-results` with any RE name, or carry warnings); errors anywhere
 * throw `DeviceRejectedError`. A plain commit while a confirmed commit is pending confirms it.
 */
export async function commitConfiguration(
  client: NetconfClient,
  request: JunosCommitRequest = {},
  options?: RpcCallOptions,
): Promise<RpcReply> {
  const name = request.check === true ? 'commit-configuration check' : 'commit-configuration';
  return assertRpcOk(name, await client.rpc('commit-configuration', commitConfigurationXml(request), options));
}
