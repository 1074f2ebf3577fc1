import type { NetconfClient, RpcCallOptions } from '../rpc/netconfClient.js';
import { assertRpcOk } from '../rpc/rpcFailure.js';
import type { RpcReply } from '../rpc/rpcReply.js';
import { datastoreElement, type Datastore } from './datastore.js';

/**
 * RFC 6241 §8.6 `<validate>` of `source`. Throws `DeviceRejectedError` when invalid.
 * (yuma123 netconfd wipes the candidate if `<commit>` follows `<validate>` directly: don't rely on
 * validate-then-commit there; commit validates by itself.)
 */
export async function validate(client: NetconfClient, source: Datastore, options?: RpcCallOptions): Promise<RpcReply> {
  return assertRpcOk(
    'validate',
    await client.rpc('validate', `<nc:validate>${datastoreElement('source', source)}</nc:validate>`, options),
  );
}
