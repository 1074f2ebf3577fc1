import { formatConfigIssue, loadConfig, type OptionsSchema } from '@meshrr/core';
import { EXIT_CODES } from '../cli/exitCodes.js';
import type { CommandIo } from '../cli/io.js';
import { formatOutput, type OutputFormat } from '../cli/output.js';
import { exists } from '../config/fileAccess.js';
import { MESHRR_PATHS } from '../config/paths.js';
import { findUserTemplate } from './init.js';

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

/** A fixed, valid public key line: user templates are rendered with it to check their structure. */
const VALIDATION_PUBLIC_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBDmWrlBYVdx2Xn2Xb2B5Lo/YXzKBsFqP0Jz5rIrFj2d meshrr-validate';

/**
 * Checks the configuration (all errors at once, with provider option schemas) and, when a user
 * template is present, renders it with the configuration and a documentation address
 * (192.0.2.1) and checks the Junos structure. Returns the exit code: 0 valid (warnings allowed),
 * 1 when anything is an error.
 */
export async function runValidate(
  options: ValidateOptions,
  io: CommandIo,
  sourceSchemas: ReadonlyMap<string, OptionsSchema<unknown>>,
): Promise<number> {
  const findings: ValidationFinding[] = [];
  const path = options.config ?? ((await exists(MESHRR_PATHS.config)) ? MESHRR_PATHS.config : undefined);
  const result = loadConfig(path, io.env, { sourceSchemas });
  const file = path ?? '<embedded default>';
  if (!result.ok) {
    for (const issue of result.errors)
      findings.push({ severity: 'error', file: issue.file, message: formatConfigIssue(issue) });
  } else {
    for (const issue of result.warnings)
      findings.push({ severity: 'warning', file: issue.file, message: formatConfigIssue(issue) });
    const template = await findUserTemplate(options.template).catch((error: Error) => {
      findings.push({ severity: 'error', file: options.template ?? '', message: error.message });
      return undefined;
    });
    if (template !== undefined) {
      const { formatJunosIssues, renderInitialConfig } = await import('@meshrr/render-junos');
      try {
        const rendered = renderInitialConfig({
          config: result.config,
          inputs: { podIp: '192.0.2.1', licenseKey: 'LICENSE', sshPublicKey: VALIDATION_PUBLIC_KEY },
          template,
        });
        if (rendered.issues.length > 0)
          findings.push({
            severity: 'warning',
            file: template.name,
            message: formatJunosIssues(template.name, rendered.issues),
          });
      } catch (error) {
        findings.push({ severity: 'error', file: template.name, message: (error as Error).message });
      }
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
