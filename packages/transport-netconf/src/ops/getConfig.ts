import { MalformedReplyError } from '../errors.js';
import type { NetconfClient, RpcCallOptions } from '../rpc/netconfClient.js';
import { assertRpcOk } from '../rpc/rpcFailure.js';
import { child, type XmlElement } from '../xml/index.js';
import { datastoreElement, type Datastore } from './datastore.js';

/**
 * RFC 6241 `<get-config>` of `source`, optionally with a subtree filter (`filter` is the XML inside
 * `<filter type="subtree">`, carrying its own namespace). Resolves with the `<data>` element
 * (empty when nothing matched). Throws `DeviceRejectedError` on errors, `MalformedReplyError`
 * when the reply has no `<data>`.
 */
export async function getConfig(
  client: NetconfClient,
  source: Datastore,
  filter?: string,
  options?: RpcCallOptions,
): Promise<XmlElement> {
  const filterXml = filter === undefined ? '' : `<nc:filter type="subtree">${filter}</nc:filter>`;
  const reply = assertRpcOk(
    'get-config',
    await client.rpc(
      'get-config',
      `<nc:get-config>${datastoreElement('source', source)}${filterXml}</nc:get-config>`,
      options,
    ),
  );
  const data = child(reply.root, 'data');
  if (data === undefined) throw new MalformedReplyError('get-config reply has no <data>');
  return data;
}
