import {
  formatConfigIssue,
  loadConfig,
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
}

/** The documentation address (RFC 5737) the initial configuration is rendered with. */
const VALIDATION_ADDRESS = '192.0.2.1';

/**
 * Checks the configuration (all errors at once: file, environment, command line; every source with
 * its provider's schema and the platform's options with the platform's schema) and then renders the
 * platform's initial configuration as a preview with a documentation address (192.0.2.1), so a
 * mounted user template (Junos) is checked too: its problems are findings. Returns the exit code: 0
 * valid (warnings allowed), 1 when anything is an error.
 */
export async function runValidate(
  options: ValidateOptions,
  io: CommandIo,
  context: ValidationContext,
): Promise<number> {
  const findings: ValidationFinding[] = [];
  const path = options.config ?? ((await exists(MESHRR_PATHS.config)) ? MESHRR_PATHS.config : undefined);
  const result = loadConfig(path, io.env, {
    sourceSchemas: context.sourceSchemas,
    platformSchemas: context.platformSchemas,
    platformOverrides: context.platformOverrides,
  });
  const file = path ?? '<embedded default>';
  if (!result.ok) {
    for (const issue of result.errors)
      findings.push({ severity: 'error', file: issue.file, message: formatConfigIssue(issue) });
  } else {
    for (const issue of result.warnings)
      findings.push({ severity: 'warning', file: issue.file, message: formatConfigIssue(issue) });
    const where = options.template ?? `platform ${result.config.platform.name}`;
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
