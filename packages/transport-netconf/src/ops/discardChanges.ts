import type { NetconfClient, RpcCallOptions } from '../rpc/netconfClient.js';
import { assertRpcOk } from '../rpc/rpcFailure.js';
import type { RpcReply } from '../rpc/rpcReply.js';

/** RFC 6241 §8.3.4.2 `<discard-changes>`: resets the candidate to running. Idempotent. */
export async function discardChanges(client: NetconfClient, options?: RpcCallOptions): Promise<RpcReply> {
  return assertRpcOk('discard-changes', await client.rpc('discard-changes', '<nc:discard-changes/>', options));
}
