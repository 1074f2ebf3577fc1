import { DeviceRejectedError } from '@meshrr/core';
import { LockDeniedError } from '../errors.js';
import { failures, type RpcReply } from './rpcReply.js';
import type { RpcErrorInfo } from './rpcErrorInfo.js';

const BUSY_TAGS = new Set(['lock-denied', 'in-use']);

const isBusy = (e: RpcErrorInfo): boolean =>
  (e.tag !== undefined && BUSY_TAGS.has(e.tag)) || /configuration database (locked|modified)/i.test(e.message);

/**
 * Throws when `reply` carries any error of severity `error` (warnings never fail, `<ok/>` beside an
 * error does not save it): {@link LockDeniedError} (retryable) when another session holds or has
 * modified the configuration, `DeviceRejectedError` (terminal) otherwise, with every error
 * message in order and the first `error-path`/`bad-element` as `devicePath`. Returns the reply.
 */
export function assertRpcOk(rpc: string, reply: RpcReply): RpcReply {
  const errors = failures(reply);
  if (errors.length === 0) return reply;
  if (errors.some(isBusy)) throw new LockDeniedError(rpc, errors);
  const where = errors.find((e) => e.path !== undefined || e.badElement !== undefined);
  const devicePath =
    where === undefined ? undefined : [where.path, where.badElement].filter((x) => x !== undefined).join(' ');
  const messages = errors.map((e) => e.message);
  throw new DeviceRejectedError(
    `${rpc} rejected by the device: ${messages.join('; ')}${devicePath === undefined ? '' : ` at ${devicePath}`}`,
    { deviceMessages: messages, devicePath },
  );
}
