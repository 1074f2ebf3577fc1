export { MESHRR_CONFIG_PATH, DEFAULT_CONFIG_TEXT } from './defaultConfig.js';
export { ConfigError, formatConfigIssue } from './issues.js';
export type { ConfigIssue } from './issues.js';
export { loadConfig, loadConfigOrThrow } from './loadConfig.js';
export type { ConfigLoadResult, LoadConfigOptions } from './loadConfig.js';
export type { ConfigSource } from './configSource.js';
export type { MeshrrEnvironment } from './environment.js';
export { LEGACY_VARIABLES } from './environment.js';
export { deriveRouterId, loadRouterIdentity } from './routerIdentity.js';
export type { RouterIdentityResult, RouterIdSource } from './routerIdentity.js';
export { parseAsNumber, parseAsRange, formatAsRange } from './asNumber.js';
export { GROUP_NAME_PATTERN, isDnsName } from './grammars.js';
export { formatConfigYaml } from './formatConfigYaml.js';
export { configJsonSchema, anyCasePattern, CONFIG_SCHEMA_ID } from './reference/jsonSchema.js';
export type { JsonSchema } from './reference/jsonSchema.js';
export { renderConfigReference, referenceTables } from './reference/configReference.js';
export {
  COMMAND_LINE_ORIGIN,
  DEFAULT_PLATFORM,
  PLATFORM_ENV,
  PLATFORM_NAME_PATTERN,
  platformEnvName,
  selectPlatform,
} from './platformSelection.js';
export type {
  PlatformOptionOverride,
  PlatformOverrides,
  PlatformSelection,
  PlatformSelectionInput,
} from './platformSelection.js';
export { describeConfigField } from './locateField.js';
export { CONFIG_LIMITS } from './limits.js';
