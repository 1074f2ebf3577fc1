/**
 * `@meshrr/render-junos`: Junos/cRPD rendering for meshrr — the initial `juniper.conf` from Eta
 * (default and user) or meshrr Jinja2 templates, the structural update of an existing
 * `juniper.conf`, a structural checker of Junos curly-brace text, and the {@link JunosRenderer}
 * that turns a managed change into minimal `set`/`delete` commands or Junos XML.
 */
export { JunosRenderer } from './renderer.js';
export type { JunosChangeFormat, JunosRendererOptions } from './renderer.js';
export { junosRendererModule } from './module.js';
export { junosEdits } from './change/edits.js';
export type { JunosEdit } from './change/edits.js';
export { formatJunosSet } from './change/formatSet.js';
export { formatJunosXml } from './change/formatXml.js';
export { ExistingConfigError, JunosValueError, TemplateRenderError } from './errors.js';
export { checkJunosText, formatJunosIssues } from './junos/check.js';
export { parseJunos } from './junos/parse.js';
export type { JunosIssue, JunosIssueCode, JunosParseResult, JunosStatement } from './junos/parse.js';
export { junosQuote } from './junos/quote.js';
export { asListName, asRangeText, validAddress, validGroupName, validPrefix } from './junos/values.js';
export { buildTemplateContext } from './template/context.js';
export type { MeshrrTemplateContext, TemplateInputs } from './template/context.js';
export { defaultTemplate, defaultTemplatePath, templateEngineFor } from './template/defaults.js';
export type { TemplateSource } from './template/defaults.js';
export { renderEtaTemplate } from './template/eta.js';
export { jinjaSourceNormalize, renderJinjaTemplate } from './template/jinja.js';
export { renderInitialConfig } from './template/initial.js';
export type { InitialConfig, InitialConfigRequest } from './template/initial.js';
export { updateExistingConfig } from './existing/updateIdentity.js';
export { addMissingGroups } from './existing/addGroups.js';
export type { AddedGroups } from './existing/addGroups.js';
export type { IdentityUpdate, IdentityUpdateResult } from './existing/updateIdentity.js';
