import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FILE_LIMITS, readBoundedTextSync } from '@meshrr/core';
import { FrrRenderError } from './errors.js';
import { FRR_ADDRESS_FAMILIES, type FrrAddressFamily, type FrrTemplates } from './options.js';

const SLOT_NAMES = ['global', 'bgp', ...FRR_ADDRESS_FAMILIES] as const;

/**
 * Reads operator templates from a directory: `global.eta`, `bgp.eta` and one `<family>.eta` per
 * address family (`ipv4-unicast.eta`, `ipv6-unicast.eta`, `l2vpn-evpn.eta`); each file is optional.
 * Files not ending in `.eta` are ignored. Reads once (call it at start-up, not per render).
 * @throws {FrrRenderError} (field = the file) when the directory cannot be read, holds an `.eta`
 * file with another name, or a template is not a regular file of at most 16 MiB.
 */
export function readFrrTemplateDir(dir: string): FrrTemplates {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => name.endsWith('.eta'))
      .sort();
  } catch (error) {
    throw new FrrRenderError(dir, `cannot read the template directory: ${(error as Error).message}`, { cause: error });
  }
  const slots = new Map<string, string>();
  for (const name of names) {
    const slot = name.slice(0, -'.eta'.length);
    if (!(SLOT_NAMES as readonly string[]).includes(slot))
      throw new FrrRenderError(
        join(dir, name),
        `unknown template; use ${SLOT_NAMES.map((s) => `${s}.eta`).join(', ')}`,
      );
    const path = join(dir, name);
    try {
      slots.set(slot, readBoundedTextSync(path, { maxBytes: FILE_LIMITS.template, what: 'FRR template' }));
    } catch (error) {
      throw new FrrRenderError(path, (error as Error).message, { cause: error });
    }
  }
  const addressFamily: Partial<Record<FrrAddressFamily, string>> = {};
  for (const af of FRR_ADDRESS_FAMILIES) {
    const text = slots.get(af);
    if (text !== undefined) addressFamily[af] = text;
  }
  const global = slots.get('global');
  const bgp = slots.get('bgp');
  return {
    ...(global === undefined ? {} : { global }),
    ...(bgp === undefined ? {} : { bgp }),
    ...(Object.keys(addressFamily).length === 0 ? {} : { addressFamily }),
  };
}
