import type { NetconfClient, RpcCallOptions } from '../rpc/netconfClient.js';
import { assertRpcOk } from '../rpc/rpcFailure.js';
import type { RpcReply } from '../rpc/rpcReply.js';
import { datastoreElement, type Datastore } from './datastore.js';

/** RFC 6241 `<unlock>` of `target`. Throws `DeviceRejectedError` when the session holds no lock on it. */
export async function unlock(client: NetconfClient, target: Datastore, options?: RpcCallOptions): Promise<RpcReply> {
  return assertRpcOk(
    'unlock',
    await client.rpc('unlock', `<nc:unlock>${datastoreElement('target', target)}</nc:unlock>`, options),
  );
}
