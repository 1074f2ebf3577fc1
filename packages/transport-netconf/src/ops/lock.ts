import type { NetconfClient, RpcCallOptions } from '../rpc/netconfClient.js';
import { assertRpcOk } from '../rpc/rpcFailure.js';
import type { RpcReply } from '../rpc/rpcReply.js';
import { datastoreElement, type Datastore } from './datastore.js';

/**
 * RFC 6241 `<lock>` of `target`. Resolves with the reply (warnings possible); throws
 * `LockDeniedError` (retryable) when another session holds the lock, `DeviceRejectedError` on
 * other errors, `TransportError` on channel faults.
 */
export async function lock(client: NetconfClient, target: Datastore, options?: RpcCallOptions): Promise<RpcReply> {
  return assertRpcOk(
    'lock',
    await client.rpc('lock', `<nc:lock>${datastoreElement('target', target)}</nc:lock>`, options),
  );
}
