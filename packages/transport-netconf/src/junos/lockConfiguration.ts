import type { NetconfClient, RpcCallOptions } from '../rpc/netconfClient.js';
import { assertRpcOk } from '../rpc/rpcFailure.js';
import type { RpcReply } from '../rpc/rpcReply.js';

/**
 * Junos `<lock-configuration/>`: exclusive lock of the shared candidate. Throws `LockDeniedError`
 * (retryable) when another session holds it or the candidate has uncommitted changes.
 */
export async function lockConfiguration(client: NetconfClient, options?: RpcCallOptions): Promise<RpcReply> {
  return assertRpcOk('lock-configuration', await client.rpc('lock-configuration', '<lock-configuration/>', options));
}

/** Junos `<unlock-configuration/>`: releases the lock (and discards uncommitted changes). */
export async function unlockConfiguration(client: NetconfClient, options?: RpcCallOptions): Promise<RpcReply> {
  return assertRpcOk(
    'unlock-configuration',
    await client.rpc('unlock-configuration', '<unlock-configuration/>', options),
  );
}
