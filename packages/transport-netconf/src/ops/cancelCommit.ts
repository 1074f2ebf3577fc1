import { escapeXml } from '../xml/index.js';
import type { NetconfClient, RpcCallOptions } from '../rpc/netconfClient.js';
import { assertRpcOk } from '../rpc/rpcFailure.js';
import type { RpcReply } from '../rpc/rpcReply.js';

/**
 * RFC 6241 §8.4 `<cancel-commit>`: rolls back an ongoing confirmed commit now (`persistId` for a
 * persistent one started elsewhere). Throws `DeviceRejectedError` when none is pending.
 */
export async function cancelCommit(
  client: NetconfClient,
  persistId?: string,
  options?: RpcCallOptions,
): Promise<RpcReply> {
  const body =
    persistId === undefined
      ? '<nc:cancel-commit/>'
      : `<nc:cancel-commit><nc:persist-id>${escapeXml(persistId)}</nc:persist-id></nc:cancel-commit>`;
  return assertRpcOk('cancel-commit', await client.rpc('cancel-commit', body, options));
}
