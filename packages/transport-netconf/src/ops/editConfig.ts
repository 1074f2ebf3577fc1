import type { NetconfClient, RpcCallOptions } from '../rpc/netconfClient.js';
import { assertRpcOk } from '../rpc/rpcFailure.js';
import type { RpcReply } from '../rpc/rpcReply.js';
import { datastoreElement, type Datastore } from './datastore.js';

/** Arguments of {@link editConfig} (RFC 6241 §7.2). */
export interface EditConfigRequest {
  readonly target: Datastore;
  /** The XML inside `<config>`, carrying its own namespaces and `nc:operation` attributes. */
  readonly config: string;
  readonly defaultOperation?: 'merge' | 'replace' | 'none';
  readonly testOption?: 'test-then-set' | 'set' | 'test-only';
  readonly errorOption?: 'stop-on-error' | 'continue-on-error' | 'rollback-on-error';
}

/** RFC 6241 `<edit-config>`. Throws `DeviceRejectedError` with the device's messages and `error-path`/`bad-element`. */
export async function editConfig(
  client: NetconfClient,
  request: EditConfigRequest,
  options?: RpcCallOptions,
): Promise<RpcReply> {
  const parts = [
    datastoreElement('target', request.target),
    request.defaultOperation === undefined
      ? ''
      : `<nc:default-operation>${request.defaultOperation}</nc:default-operation>`,
    request.testOption === undefined ? '' : `<nc:test-option>${request.testOption}</nc:test-option>`,
    request.errorOption === undefined ? '' : `<nc:error-option>${request.errorOption}</nc:error-option>`,
    `<nc:config>${request.config}</nc:config>`,
  ];
  return assertRpcOk(
    'edit-config',
    await client.rpc('edit-config', `<nc:edit-config>${parts.join('')}</nc:edit-config>`, options),
  );
}
