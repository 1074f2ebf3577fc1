import {
  describeConfigField,
  formatConfigIssue,
  loadConfig,
  pushAll,
  type MeshrrConfig,
  type OptionsSchema,
  type Platform,
  type PlatformOverrides,
} from '@meshrr/core';
import { EXIT_CODES } from '../cli/exitCodes.js';
import type { CommandIo } from '../cli/io.js';
import { formatOutput, type OutputFormat } from '../cli/output.js';
import { exists } from '../config/fileAccess.js';
import { MESHRR_PATHS } from '../config/paths.js';

/** Options of `meshrr validate`. */
export interface ValidateOptions {
  readonly config?: string;
  readonly template?: string;
  readonly output: OutputFormat;
  /** `--load-plugins`: import the configuration's plugins to check what they provide (runs their code). */
  readonly loadPlugins?: boolean;
}

/** One finding of `meshrr validate`. */
export interface ValidationFinding {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  readonly message: string;
}

/** What validate checks against: every known schema, the platform overrides, and a way to load the platform. */
export interface ValidationContext {
  readonly sourceSchemas: ReadonlyMap<string, OptionsSchema<unknown>>;
  readonly platformSchemas: ReadonlyMap<string, OptionsSchema<unknown>>;
  readonly platformOverrides: PlatformOverrides;
  /** Loads the platform the validated configuration selects (its options already checked). */
  readonly loadPlatform: (config: MeshrrConfig) => Promise<Platform>;
  /**
   * The plugins the configuration names that were not imported (validate without
   * `--load-plugins`): what only they could check is reported as not checked.
   */
  readonly pluginsNotLoaded?: readonly string[];
}

/** Accepts any options: stands in for a plugin's schema when validate did not import the plugin. */
const UNCHECKED: OptionsSchema<unknown> = { safeParse: (input) => ({ success: true, data: input }) };

/** What a configuration needs from plugins validate did not import, and the schemas to validate it with. */
interface PluginGaps {
  readonly sourceSchemas: ReadonlyMap<string, OptionsSchema<unknown>>;
  readonly platformSchemas: ReadonlyMap<string, OptionsSchema<unknown>>;
  /** The platform is a plugin's: its options and initial configuration cannot be checked. */
  readonly platformUnchecked: boolean;
  readonly findings: readonly ValidationFinding[];
}

/**
 * Without `--load-plugins` (issue 11 item 9), the sourcetypes and the platform of a configuration
 * that names plugins and that nothing built in provides: their options cannot be checked without
 * running the plugins' code. They validate as "anything", each with a warning at its line saying so
 * and how to check them.
 */
function pluginGaps(path: string | undefined, io: CommandIo, context: ValidationContext): PluginGaps {
  const none = {
    sourceSchemas: context.sourceSchemas,
    platformSchemas: context.platformSchemas,
    platformUnchecked: false,
    findings: [],
  };
  const plugins = context.pluginsNotLoaded ?? [];
  if (plugins.length === 0) return none;
  const base = loadConfig(path, io.env, { platformOverrides: context.platformOverrides });
  if (!base.ok) return none;
  const how = `it is not built in, so it must come from a plugin (${plugins.join(', ')}), and validate does not import plugins because that runs their code; run meshrr validate --load-plugins to import them and check it`;
  const sourceSchemas = new Map(context.sourceSchemas);
  const findings: ValidationFinding[] = [];
  base.config.groups.forEach((group, index) => {
    if (group.kind !== 'mesh' || context.sourceSchemas.has(group.source.sourcetype)) return;
    sourceSchemas.set(group.source.sourcetype, UNCHECKED);
    findings.push({
      severity: 'warning',
      file: base.config.origin,
      message: `${describeConfigField(path, ['bgpgroups', index, 'source', 'sourcetype'])}: options of sourcetype ${group.source.sourcetype} not checked: ${how}`,
    });
  });
  const platformName = base.config.platform.name;
  const platformSchemas = new Map(context.platformSchemas);
  const platformUnchecked = !context.platformSchemas.has(platformName);
  if (platformUnchecked) {
    platformSchemas.set(platformName, UNCHECKED);
    findings.push({
      severity: 'warning',
      file: base.config.origin,
      message: `platform ${platformName}: its options and initial configuration not checked: ${how}`,
    });
  }
  return { sourceSchemas, platformSchemas, platformUnchecked, findings };
}

/** The documentation address (RFC 5737) the initial configuration is rendered with. */
const VALIDATION_ADDRESS = '192.0.2.1';

/**
 * Checks the configuration (all errors at once: file, environment, command line; every source with
 * its provider's schema and the platform's options with the platform's schema) and then renders the
 * platform's initial configuration as a preview with a documentation address (192.0.2.1), so a
 * mounted user template (Junos) is checked too: its problems are findings. Returns the exit code: 0
 * valid (warnings allowed), 1 when anything is an error. Plugins are imported only on request
 * (`--load-plugins`, done by the caller); without it, what only they could check is reported as
 * not checked, with a warning saying how to check it.
 */
export async function runValidate(
  options: ValidateOptions,
  io: CommandIo,
  context: ValidationContext,
): Promise<number> {
  const findings: ValidationFinding[] = [];
  const path = options.config ?? ((await exists(MESHRR_PATHS.config)) ? MESHRR_PATHS.config : undefined);
  const gaps = pluginGaps(path, io, context);
  const result = loadConfig(path, io.env, {
    sourceSchemas: gaps.sourceSchemas,
    platformSchemas: gaps.platformSchemas,
    platformOverrides: context.platformOverrides,
  });
  const file = path ?? '<embedded default>';
  if (!result.ok) {
    for (const issue of result.errors)
      findings.push({ severity: 'error', file: issue.file, message: formatConfigIssue(issue) });
  } else {
    for (const issue of result.warnings)
      findings.push({ severity: 'warning', file: issue.file, message: formatConfigIssue(issue) });
    pushAll(findings, gaps.findings);
    const where = options.template ?? `platform ${result.config.platform.name}`;
    if (!gaps.platformUnchecked)
      try {
        const platform = await context.loadPlatform(result.config);
        const preview = await platform.initializer?.render({
          config: result.config,
          identity: { routerId: VALIDATION_ADDRESS, addresses: [VALIDATION_ADDRESS] },
          env: { ...io.env, LICENSE_KEY: io.env['LICENSE_KEY'] || 'LICENSE' },
          preview: true,
          ...(options.template === undefined ? {} : { template: options.template }),
        });
        for (const warning of preview?.warnings ?? [])
          findings.push({ severity: 'warning', file: where, message: warning });
      } catch (error) {
        findings.push({ severity: 'error', file: where, message: (error as Error).message });
      }
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const report = { valid: errors === 0, config: file, findings };
  io.stdout(
    formatOutput(report, options.output, () =>
      [
        ...findings.map((f) => `${f.severity}: ${f.message}`),
        errors === 0 ? `${file}: valid` : `${file}: ${errors} error${errors === 1 ? '' : 's'}`,
      ].join('\n'),
    ),
  );
  return errors === 0 ? EXIT_CODES.ok : EXIT_CODES.failure;
}
