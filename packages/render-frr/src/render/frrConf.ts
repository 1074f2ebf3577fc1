import type { DesiredRouterConfig } from '@meshrr/core';
import { defaultFamilies } from '@meshrr/core';
import { FRR_ADDRESS_FAMILIES, type FrrAddressFamily, type ResolvedFrrOptions } from '../options.js';
import { frrRouterModel, type FrrRouterModel } from './model.js';
import { routeServerPolicyLines } from './routeServerPolicy.js';
import { bfdLines, routerBgpLines } from './routerBgp.js';
import { renderTemplates, templateContext } from './templates.js';

/**
 * The complete managed `frr.conf` for `desired`: header (`frr version`, `frr defaults
 * traditional`, `service integrated-vtysh-config`), the operator's global template lines, the
 * route-server policy, then `router bgp` (its address families: those of the groups, or the mode's
 * when there is none), then the `bfd` profiles of groups with non-default BFD timers. Canonical as FRR 8.4 prints it, so a re-apply through
 * `frr-reload.py` is an empty diff. No `hostname` and no `ip forwarding` lines: those reflect the
 * host, not configuration (the transport carries them over from the running config).
 * Pure and deterministic; ends with one newline.
 * @throws {FrrRenderError} on any invalid value or template (nothing partial is returned).
 */
export function renderFrrConf(desired: DesiredRouterConfig, options: ResolvedFrrOptions): string {
  return renderModel(frrRouterModel(desired), options);
}

/** {@link renderFrrConf} of an already checked model. */
export function renderModel(model: FrrRouterModel, options: ResolvedFrrOptions): string {
  const used = new Set<FrrAddressFamily>(model.groups.flatMap((g) => g.families));
  const families = used.size === 0 ? defaultFamilies(model.mode) : FRR_ADDRESS_FAMILIES.filter((af) => used.has(af));
  const extras = renderTemplates(options.templates, templateContext(model, families));
  const lines = [
    `frr version ${options.frrVersion}`,
    'frr defaults traditional',
    'service integrated-vtysh-config',
    '!',
    ...extras.global,
    ...(extras.global.length > 0 ? ['!'] : []),
    ...routeServerPolicyLines(model),
    ...routerBgpLines(model, options, families, extras),
    ...bfdLines(model),
  ];
  return `${lines.join('\n')}\n`;
}
