import { MalformedReplyError } from '../errors.js';
import type { NetconfClient, RpcCallOptions } from '../rpc/netconfClient.js';
import { assertRpcOk } from '../rpc/rpcFailure.js';
import { child, descendants, type XmlElement } from '../xml/index.js';

/** Name of the configuration group meshrr owns (meshrr convention). */
export const MESHRR_GROUP = 'MESHRR';

/** Request for the committed `groups MESHRR` subtree. Pure constant. */
export const GET_MANAGED_CONFIGURATION_XML = `<get-configuration database="committed"><configuration><groups><name>${MESHRR_GROUP}</name></groups></configuration></get-configuration>`;

/** Request for the candidate-vs-running diff (PyEZ `cu.diff()`). Pure constant. */
export const GET_DIFF_XML = '<get-configuration compare="rollback" rollback="0" format="text"/>';

/**
 * Reads the committed `groups MESHRR` subtree. Resolves with the `<configuration>` element (which
 * has no `groups` child when the group does not exist). Throws `DeviceRejectedError` on errors,
 * `MalformedReplyError` when the reply holds no `<configuration>`.
 */
export async function getManagedConfiguration(client: NetconfClient, options?: RpcCallOptions): Promise<XmlElement> {
  const reply = assertRpcOk(
    'get-configuration',
    await client.rpc('get-configuration', GET_MANAGED_CONFIGURATION_XML, options),
  );
  const configuration = child(reply.root, 'configuration');
  if (configuration === undefined) throw new MalformedReplyError('get-configuration reply has no <configuration>');
  return configuration;
}

/**
 * The device's own diff of candidate against the active configuration (`show | compare` text:
 * `[edit …]` banners, `+`/`-` lines). `''` when nothing differs (Junos answers `"\n"`). Warnings such
 * as "statement must contain additional statements" are ignored.
 */
export async function getCandidateDiff(client: NetconfClient, options?: RpcCallOptions): Promise<string> {
  const reply = assertRpcOk('get-configuration compare', await client.rpc('get-configuration', GET_DIFF_XML, options));
  const output = descendants(reply.root, 'configuration-output')[0];
  if (output === undefined)
    throw new MalformedReplyError('get-configuration compare reply has no <configuration-output>');
  return output.text.trim() === '' ? '' : output.text.replace(/^\n/, '');
}
