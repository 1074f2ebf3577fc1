import { UnsupportedOperationError } from '../errors.js';
import type { NetconfClient, RpcCallOptions } from '../rpc/netconfClient.js';
import { assertRpcOk } from '../rpc/rpcFailure.js';
import type { RpcReply } from '../rpc/rpcReply.js';
import { escapeXml, parseXml, XmlSyntaxError } from '../xml/index.js';

/** Change formats the Junos dialect loads (the renderer's `RenderedChange.format`). */
export const JUNOS_CHANGE_FORMATS = ['junos-set', 'junos-text', 'junos-xml'] as const;
export type JunosChangeFormat = (typeof JUNOS_CHANGE_FORMATS)[number];

/** Whether `format` is one of {@link JUNOS_CHANGE_FORMATS}. */
export function isJunosChangeFormat(format: string): format is JunosChangeFormat {
  return (JUNOS_CHANGE_FORMATS as readonly string[]).includes(format);
}

function xmlBody(body: string): string {
  let root;
  try {
    root = parseXml(body);
  } catch (error) {
    if (error instanceof XmlSyntaxError)
      throw new UnsupportedOperationError(`junos-xml change is not well-formed XML: ${error.message}`);
    throw error;
  }
  if (root.name !== 'configuration')
    throw new UnsupportedOperationError(`junos-xml change must have <configuration> as root, got <${root.name}>`);
  const start = body.indexOf('<configuration');
  return body.slice(start).trimEnd();
}

/**
 * The `<load-configuration>` element for a change (PyEZ's encoding): `junos-set` →
 * `format="text" action="set"` + `<configuration-set>`; `junos-text` → `format="text"` +
 * `<configuration-text>` (merge); `junos-xml` → `format="xml"` + the `<configuration>` element
 * (merge; `operation="delete"` attributes apply). Throws {@link UnsupportedOperationError} for
 * other formats or XML that is not a well-formed `<configuration>`. Pure.
 */
export function loadConfigurationXml(format: string, body: string): string {
  switch (format) {
    case 'junos-set':
      return `<load-configuration format="text" action="set"><configuration-set>${escapeXml(body)}</configuration-set></load-configuration>`;
    case 'junos-text':
      return `<load-configuration format="text"><configuration-text>${escapeXml(body)}</configuration-text></load-configuration>`;
    case 'junos-xml':
      return `<load-configuration format="xml">${xmlBody(body)}</load-configuration>`;
    default:
      throw new UnsupportedOperationError(
        `change format ${JSON.stringify(format)} is not supported by the Junos transport (allowed: ${JUNOS_CHANGE_FORMATS.join(', ')})`,
      );
  }
}

/**
 * Loads a change into the candidate. Warnings (e.g. "statement not found" on deleting what is
 * absent) do not fail; any error does (`DeviceRejectedError` with the device's messages and
 * `error-path`/`bad-element`), even beside `<ok/>` (vSRX 15.1X49).
 */
export async function loadConfiguration(
  client: NetconfClient,
  format: string,
  body: string,
  options?: RpcCallOptions,
): Promise<RpcReply> {
  return assertRpcOk(
    'load-configuration',
    await client.rpc('load-configuration', loadConfigurationXml(format, body), options),
  );
}

/** `<load-configuration compare="rollback" rollback="N"/>` (PyEZ `cu.rollback(N)`): 0 discards the candidate's changes, 1 is the configuration before the last commit. */
export async function loadRollback(
  client: NetconfClient,
  rollback: number,
  options?: RpcCallOptions,
): Promise<RpcReply> {
  if (!Number.isInteger(rollback) || rollback < 0 || rollback > 49)
    throw new RangeError(`rollback must be 0–49, got ${rollback}`);
  return assertRpcOk(
    'load-configuration rollback',
    await client.rpc('load-configuration', `<load-configuration compare="rollback" rollback="${rollback}"/>`, options),
  );
}
