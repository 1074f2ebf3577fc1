import type { MeshrrMode } from '@meshrr/core';
import { JunosValueError } from '../errors.js';

/**
 * meshrr's `MESHRR_MODE` → template mode, exactly as `run.sh init` maps it: `evpnrs` and
 * `routeserver` → `evpnrs`; `ipv4rr`, `routereflector`, empty or unset → `ipv4rr`. Anything else
 * throws {@link JunosValueError} listing the allowed values (meshrr exited 1).
 */
export function parseMeshrrMode(value: string | undefined): MeshrrMode {
  if (value === undefined || value === '' || value === 'ipv4rr' || value === 'routereflector') return 'ipv4rr';
  if (value === 'evpnrs' || value === 'routeserver') return 'evpnrs';
  throw new JunosValueError(`MESHRR_MODE ${JSON.stringify(value)}`, 'is not one of evpnrs, routeserver, ipv4rr, routereflector or empty');
}
