import { writeFile } from 'node:fs/promises';
import type { CommandIo } from '../cli/io.js';
import { formatOutput, type OutputFormat } from '../cli/output.js';
import { readIfExists } from '../config/fileAccess.js';
import { loadAgentConfig, routerIdentityFrom } from '../config/loadAgentConfig.js';
import { findUserTemplate } from './init.js';

/** Options of `meshrr render`. */
export interface RenderOptions {
  readonly config?: string;
  readonly template?: string;
  readonly sshKey: string;
  /** Write the configuration here instead of standard output. */
  readonly out?: string;
  /**
   * `text` (default): the configuration itself; `json`/`yaml`: `{ template, engine, issues, config }`
   * (with `--out`, the report without the configuration text, which went to the file).
   */
  readonly output?: OutputFormat;
}

async function publicKeyFor(sshKey: string, io: CommandIo): Promise<string> {
  const existing = await readIfExists(`${sshKey}.pub`);
  if (existing !== undefined) return existing.trim();
  io.stderr(`warning: ${sshKey}.pub not found: rendering with a throw-away key (meshrr init generates the real one)\n`);
  const { default: ssh2 } = await import('ssh2');
  const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: 'meshrr' });
  return pair.public.trim();
}

/**
 * Renders the initial Junos configuration exactly as `meshrr init` would (same template choice and
 * values) without writing keys or `/config/juniper.conf`: to standard output or `--out`. Needs
 * `POD_IP`; `LICENSE_KEY` defaults to an empty licence with a warning.
 */
export async function runRender(options: RenderOptions, io: CommandIo): Promise<void> {
  const identity = routerIdentityFrom(io.env);
  const { formatJunosIssues, renderInitialConfig } = await import('@meshrr/render-junos');
  const { config, warnings } = await loadAgentConfig(options.config, io.env);
  for (const w of warnings) io.stderr(`warning: ${w}\n`);
  const licenseKey = io.env['LICENSE_KEY']?.trim() ?? '';
  if (licenseKey === '') io.stderr('warning: LICENSE_KEY is not set: rendering with an empty licence\n');
  const template = await findUserTemplate(options.template);
  const rendered = renderInitialConfig({
    config,
    inputs: { podIp: identity.routerId, licenseKey, sshPublicKey: await publicKeyFor(options.sshKey, io) },
    ...(template === undefined ? {} : { template }),
  });
  if (rendered.issues.length > 0)
    io.stderr(
      `warning: ${rendered.template} renders Junos text with structural faults:\n${formatJunosIssues(rendered.template, rendered.issues)}\n`,
    );
  const format = options.output ?? 'text';
  if (options.out !== undefined) await writeFile(options.out, rendered.text, { mode: 0o600 });
  if (format === 'text') {
    if (options.out === undefined) io.stdout(rendered.text);
    return;
  }
  const report = {
    template: rendered.template,
    engine: rendered.engine,
    issues: rendered.issues,
    ...(options.out === undefined ? { config: rendered.text } : { out: options.out }),
  };
  io.stdout(formatOutput(report, format, () => ''));
}
