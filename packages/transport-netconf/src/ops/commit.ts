import { escapeXml } from '../xml/index.js';
import type { NetconfClient, RpcCallOptions } from '../rpc/netconfClient.js';
import { assertRpcOk } from '../rpc/rpcFailure.js';
import type { RpcReply } from '../rpc/rpcReply.js';

/** Arguments of {@link commit} (RFC 6241 §8.3/8.4). All optional: `{}` is a plain commit (or confirms a pending one). */
export interface CommitRequest {
  /** Commit confirmed: rolled back unless confirmed within `confirmTimeoutS`. */
  readonly confirmed?: boolean;
  /** Seconds (RFC 6241 default 600). Only with `confirmed`. */
  readonly confirmTimeoutS?: number;
  /** Token that lets the confirmed commit survive the session and be confirmed/cancelled from another one. */
  readonly persist?: string;
  /** Confirms the persistent confirmed commit started with this token. */
  readonly persistId?: string;
}

/** The `<nc:commit>` element of `request`; throws `RangeError` on a timeout that is not a positive integer. Pure. */
export function commitXml(request: CommitRequest): string {
  const timeout = request.confirmTimeoutS;
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 1))
    throw new RangeError(`confirmTimeoutS must be a positive integer of seconds, got ${timeout}`);
  const parts =
    request.confirmed === true
      ? [
          '<nc:confirmed/>',
          timeout === undefined ? '' : `<nc:confirm-timeout>${timeout}</nc:confirm-timeout>`,
          request.persist === undefined ? '' : `<nc:persist>${escapeXml(request.persist)}</nc:persist>`,
        ]
      : [];
  if (request.persistId !== undefined) parts.push(`<nc:persist-id>${escapeXml(request.persistId)}</nc:persist-id>`);
  const inner = parts.join('');
  return inner === '' ? '<nc:commit/>' : `<nc:commit>${inner}</nc:commit>`;
}

/** RFC 6241 `<commit>` of the candidate. Throws `DeviceRejectedError` when validation fails. */
export async function commit(
  client: NetconfClient,
  request: CommitRequest = {},
  options?: RpcCallOptions,
): Promise<RpcReply> {
  return assertRpcOk('commit', await client.rpc('commit', commitXml(request), options));
}
