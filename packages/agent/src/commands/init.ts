import { readFile } from 'node:fs/promises';
import type { TemplateSource } from '@meshrr/render-junos';
import { CliError, type CommandIo } from '../cli/io.js';
import { formatOutput, type OutputFormat } from '../cli/output.js';
import { exists, readIfExists, writeFileAtomic } from '../config/fileAccess.js';
import { loadAgentConfig, routerIdentityFrom } from '../config/loadAgentConfig.js';
import { MESHRR_PATHS } from '../config/paths.js';
import { ensureSshIdentity } from '../init/sshKey.js';

/** Options of `meshrr init` (every path defaults to meshrr's). */
export interface InitOptions {
  readonly config?: string;
  readonly template?: string;
  /** The configuration file to write (`--out`). */
  readonly out: string;
  readonly sshKey: string;
  /** Format of the report: `text` (lines on standard error, as meshrr), `json`/`yaml` (standard output). */
  readonly output?: OutputFormat;
}

/** What `meshrr init` did (its `-o json|yaml` report). */
export interface InitReport {
  readonly sshKey: { readonly path: string; readonly generated: boolean };
  readonly config:
    | { readonly path: string; readonly action: 'updated'; readonly changes: readonly string[] }
    | { readonly path: string; readonly action: 'written'; readonly template: string; readonly engine: string };
  readonly warnings: readonly string[];
}

/** The user template meshrr would use: the given path, else a mounted `.j2`, else a mounted `.eta`. */
export async function findUserTemplate(explicit: string | undefined): Promise<TemplateSource | undefined> {
  const candidates = explicit !== undefined ? [explicit] : [MESHRR_PATHS.jinjaTemplate, MESHRR_PATHS.etaTemplate];
  for (const path of candidates) {
    const text = await readIfExists(path);
    if (text !== undefined) {
      const { templateEngineFor } = await import('@meshrr/render-junos');
      return { name: path, text, engine: templateEngineFor(path, text) };
    }
    if (explicit !== undefined) throw new CliError(`template ${path} does not exist`);
  }
  return undefined;
}

function requireLicense(env: CommandIo['env']): string {
  const key = env['LICENSE_KEY'];
  if (key === undefined || key.trim() === '') {
    throw new CliError(
      "LICENSE_KEY is not set: meshrr init renders the cRPD licence into juniper.conf (set it from the crpd-license Secret, as in meshrr's manifests)",
    );
  }
  if (/[\r\n]/.test(key.trim())) throw new CliError('LICENSE_KEY must be a single line (the cRPD licence key)');
  return key.trim();
}

/**
 * meshrr's init container (run.sh init), fixed: the SSH key pair is ensured idempotently; an
 * existing `juniper.conf` keeps everything but the router identity, which is updated structurally
 * (router-id, per-pod cluster id, stale MESHRR neighbors, login key, licence); otherwise the
 * mounted template (Jinja2 or Eta) or the default for the mode is rendered. Writes atomically.
 */
export async function runInit(options: InitOptions, io: CommandIo): Promise<InitReport> {
  const identity = routerIdentityFrom(io.env);
  const licenseKey = requireLicense(io.env);
  const format = options.output ?? 'text';
  const { formatJunosIssues, renderInitialConfig, updateExistingConfig } = await import('@meshrr/render-junos');
  const { config, warnings: configWarnings } = await loadAgentConfig(options.config, io.env);
  const warnings = [...configWarnings];
  const ssh = await ensureSshIdentity(options.sshKey);
  // text: each step as it happens (an init container's log shows how far it got)
  if (format === 'text') {
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    io.stderr(`${ssh.generated ? 'generated' : 'kept existing'} SSH key ${ssh.privateKeyPath}\n`);
  }
  let report: InitReport;
  if (await exists(options.out)) {
    const update = updateExistingConfig(await readFile(options.out, 'utf8'), {
      podIp: identity.routerId,
      sshPublicKey: ssh.publicKey,
      licenseKey,
    });
    await writeFileAtomic(options.out, update.text);
    report = {
      sshKey: { path: ssh.privateKeyPath, generated: ssh.generated },
      config: { path: options.out, action: 'updated', changes: update.changes },
      warnings,
    };
  } else {
    const template = await findUserTemplate(options.template);
    const rendered = renderInitialConfig({
      config,
      inputs: { podIp: identity.routerId, licenseKey, sshPublicKey: ssh.publicKey },
      ...(template === undefined ? {} : { template }),
    });
    if (rendered.issues.length > 0)
      warnings.push(
        `${rendered.template} renders Junos text with structural faults:\n${formatJunosIssues(rendered.template, rendered.issues)}`,
      );
    await writeFileAtomic(options.out, rendered.text);
    report = {
      sshKey: { path: ssh.privateKeyPath, generated: ssh.generated },
      config: { path: options.out, action: 'written', template: rendered.template, engine: rendered.engine },
      warnings,
    };
  }
  if (format === 'text') {
    for (const w of warnings.slice(configWarnings.length)) io.stderr(`warning: ${w}\n`);
    io.stderr(`${configLine(report.config)}\n`);
  } else {
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    io.stdout(formatOutput(report, format, () => ''));
  }
  return report;
}

function configLine(config: InitReport['config']): string {
  return config.action === 'updated'
    ? `updated existing ${config.path}: ${config.changes.length === 0 ? 'no change' : config.changes.join('; ')}`
    : `wrote ${config.path} from ${config.template} (${config.engine})`;
}
