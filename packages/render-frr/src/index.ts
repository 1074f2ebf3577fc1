/**
 * `@meshrr/render-frr`: meshrr's desired state as a complete, canonical FRR `frr.conf`
 * (peer-groups, neighbors, listen ranges, route-server AS filters, graceful shutdown, operator
 * Eta templates), bound as core's `Renderer` by {@link frrRendererModule}.
 */
export { FrrRenderer, FRR_CONF_FORMAT, FRR_PLATFORM } from './renderer.js';
export { frrRendererModule } from './module.js';
export { FRR_VTYSH_FORMAT } from './render/incremental.js';
export { FrrRenderError } from './errors.js';
export { FRR_ADDRESS_FAMILIES } from './options.js';
export type { FrrAddressFamily, FrrBgpTimers, FrrRendererOptions, FrrTemplates } from './options.js';
export type { FrrTemplateContext } from './render/templates.js';
export { asPathListName, groupDescription, inboundRouteMapName, MANAGED_DESCRIPTION } from './conventions.js';
export { numberRangeRegex } from './policy/asRangeRegex.js';
export { readFrrTemplateDir } from './templateDir.js';
