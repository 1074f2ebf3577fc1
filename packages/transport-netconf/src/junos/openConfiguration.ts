import type { NetconfClient, RpcCallOptions } from '../rpc/netconfClient.js';
import { assertRpcOk } from '../rpc/rpcFailure.js';
import type { RpcReply } from '../rpc/rpcReply.js';

/**
 * Junos `<open-configuration><private/></open-configuration>`: a private candidate copy (what
 * Python meshrr uses). Its warning "uncommitted changes will be discarded on exit" is success.
 * Junos refuses `commit confirmed` in private mode.
 */
export async function openPrivateConfiguration(client: NetconfClient, options?: RpcCallOptions): Promise<RpcReply> {
  return assertRpcOk(
    'open-configuration',
    await client.rpc('open-configuration', '<open-configuration><private/></open-configuration>', options),
  );
}

/** Junos `<close-configuration/>`: leaves the private copy, discarding what was not committed. */
export async function closeConfiguration(client: NetconfClient, options?: RpcCallOptions): Promise<RpcReply> {
  return assertRpcOk('close-configuration', await client.rpc('close-configuration', '<close-configuration/>', options));
}
