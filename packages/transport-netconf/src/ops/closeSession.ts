import type { NetconfClient, RpcCallOptions } from '../rpc/netconfClient.js';
import { assertRpcOk } from '../rpc/rpcFailure.js';

/**
 * RFC 6241 `<close-session>`, then closes the channel. The server releases this session's locks
 * (and, on Junos, discards its uncommitted changes). Errors are thrown after the channel is closed.
 */
export async function closeSession(client: NetconfClient, options?: RpcCallOptions): Promise<void> {
  try {
    assertRpcOk('close-session', await client.rpc('close-session', '<nc:close-session/>', options));
  } finally {
    client.destroy();
  }
}
