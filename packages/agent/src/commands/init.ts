import { readFile } from 'node:fs/promises';
import type { TemplateSource } from '@meshrr/render-junos';
import { CliError, type CommandIo } from '../cli/io.js';
import { exists, readIfExists, writeFileAtomic } from '../config/fileAccess.js';
import { loadAgentConfig, routerIdentityFrom } from '../config/loadAgentConfig.js';
import { MESHRR_PATHS } from '../config/paths.js';
import { ensureSshIdentity } from '../init/sshKey.js';

/** Options of `meshrr init` (every path defaults to meshrr's). */
export interface InitOptions {
  readonly config?: string;
  readonly template?: string;
  readonly output: string;
  readonly sshKey: string;
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
export async function runInit(options: InitOptions, io: CommandIo): Promise<void> {
  const identity = routerIdentityFrom(io.env);
  const licenseKey = requireLicense(io.env);
  const { formatJunosIssues, renderInitialConfig, updateExistingConfig } = await import('@meshrr/render-junos');
  const { config, warnings } = await loadAgentConfig(options.config, io.env);
  for (const w of warnings) io.stderr(`warning: ${w}\n`);
  const ssh = await ensureSshIdentity(options.sshKey);
  io.stderr(`${ssh.generated ? 'generated' : 'kept existing'} SSH key ${ssh.privateKeyPath}\n`);

  if (await exists(options.output)) {
    const update = updateExistingConfig(await readFile(options.output, 'utf8'), {
      podIp: identity.routerId,
      sshPublicKey: ssh.publicKey,
      licenseKey,
    });
    await writeFileAtomic(options.output, update.text);
    io.stderr(
      `updated existing ${options.output}: ${update.changes.length === 0 ? 'no change' : update.changes.join('; ')}\n`,
    );
    return;
  }
  const template = await findUserTemplate(options.template);
  const rendered = renderInitialConfig({
    config,
    inputs: { podIp: identity.routerId, licenseKey, sshPublicKey: ssh.publicKey },
    ...(template === undefined ? {} : { template }),
  });
  if (rendered.issues.length > 0)
    io.stderr(
      `warning: ${rendered.template} renders Junos text with structural faults:\n${formatJunosIssues(rendered.template, rendered.issues)}\n`,
    );
  await writeFileAtomic(options.output, rendered.text);
  io.stderr(`wrote ${options.output} from ${rendered.template} (${rendered.engine})\n`);
}
