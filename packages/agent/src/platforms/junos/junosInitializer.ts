import {
  FILE_LIMITS,
  pushAll,
  type InitialConfig,
  type InitialConfigRequest,
  type PlatformInitializer,
} from '@meshrr/core';
import type { TemplateSource } from '@meshrr/render-junos';
import { CliError } from '../../cli/io.js';
import { readIfExists } from '../../config/fileAccess.js';
import { MESHRR_PATHS } from '../../config/paths.js';
import { ensureSshIdentity, throwAwayPublicKey } from '../../init/sshKey.js';
import type { JunosOptions } from './junosOptions.js';

type RenderJunos = typeof import('@meshrr/render-junos');

/** The user template meshrr would use: the given path, else a mounted `.j2`, else a mounted `.eta`. */
async function findUserTemplate(junos: RenderJunos, explicit: string | undefined): Promise<TemplateSource | undefined> {
  const candidates = explicit !== undefined ? [explicit] : [MESHRR_PATHS.jinjaTemplate, MESHRR_PATHS.etaTemplate];
  for (const path of candidates) {
    const text = await readIfExists(path, 'template');
    if (text !== undefined) return { name: path, text, engine: junos.templateEngineFor(path, text) };
    if (explicit !== undefined) throw new CliError(`template ${path} does not exist`);
  }
  return undefined;
}

function requireLicense(env: InitialConfigRequest['env']): string {
  const key = env['LICENSE_KEY'];
  if (key === undefined || key.trim() === '') {
    throw new CliError(
      "LICENSE_KEY is not set: meshrr init renders the cRPD licence into juniper.conf (set it from the crpd-license Secret, as in meshrr's manifests)",
    );
  }
  if (/[\r\n]/.test(key.trim())) throw new CliError('LICENSE_KEY must be a single line (the cRPD licence key)');
  return key.trim();
}

/** The public key line to render in a preview: the pod's when `meshrr init` made one, else a throw-away one. */
async function previewPublicKey(sshKey: string, notes: string[]): Promise<string> {
  const existing = await readIfExists(`${sshKey}.pub`, 'SSH public key', FILE_LIMITS.small);
  if (existing !== undefined) return existing.trim();
  notes.push(`${sshKey}.pub not found: rendered with a throw-away key (meshrr init generates the real one)`);
  return throwAwayPublicKey();
}

/**
 * meshrr's init container for cRPD (run.sh init), fixed: the SSH key pair is ensured idempotently;
 * an existing `juniper.conf` keeps everything but the router identity, which is updated
 * structurally (router-id, per-pod cluster id, stale MESHRR neighbors, login key, licence), and
 * gains the groups of the configuration it lacks, complete (`addMissingGroups`);
 * otherwise the mounted template (Jinja2 or Eta) or the default for the mode is rendered. A preview
 * (`meshrr render`, `meshrr validate`) writes no key and needs no licence.
 */
export function junosInitializer(options: JunosOptions, junos: RenderJunos): PlatformInitializer {
  return {
    defaultPath: options.initial_config,
    async render(request): Promise<InitialConfig> {
      const notes: string[] = [];
      const warnings: string[] = [];
      // The template is looked up first: a missing template must not leave a half-initialised pod behind.
      const template = request.existing === undefined ? await findUserTemplate(junos, request.template) : undefined;
      let licenseKey: string;
      let sshPublicKey: string;
      let sshKey: { path: string; generated: boolean } | undefined;
      if (request.preview) {
        licenseKey = request.env['LICENSE_KEY']?.trim() ?? '';
        if (licenseKey === '') notes.push('LICENSE_KEY is not set: rendered with an empty licence');
        sshPublicKey = await previewPublicKey(options.ssh_key, notes);
      } else {
        licenseKey = requireLicense(request.env);
        const ssh = await ensureSshIdentity(options.ssh_key);
        notes.push(`${ssh.generated ? 'generated' : 'kept existing'} SSH key ${ssh.privateKeyPath}`);
        pushAll(warnings, ssh.warnings);
        sshPublicKey = ssh.publicKey;
        sshKey = { path: ssh.privateKeyPath, generated: ssh.generated };
      }
      const keyFacts = sshKey === undefined ? {} : { sshKey };
      const podIp = request.identity.routerId;
      if (request.existing !== undefined) {
        const update = junos.updateExistingConfig(request.existing, { podIp, sshPublicKey, licenseKey });
        const grown = junos.addMissingGroups(update.text, request.config, podIp);
        const changes = [
          ...update.changes,
          ...grown.added.map(
            (name) => `added group ${name} (every statement of its kind; members come from the agent)`,
          ),
        ];
        notes.push(`updated the existing configuration: ${changes.length === 0 ? 'no change' : changes.join('; ')}`);
        return { text: grown.text, notes, warnings, facts: { ...keyFacts, config: { changes } } };
      }
      const rendered = junos.renderInitialConfig({
        config: request.config,
        inputs: { podIp, licenseKey, sshPublicKey },
        ...(template === undefined ? {} : { template }),
      });
      // an empty list (`as-list … members [ ];`) makes cRPD refuse the whole file: never write it,
      // and `validate` reports an error; other faults (meshrr's missing `;`) Junos tolerates
      const fatal = rendered.issues.filter((i) => i.code === 'empty-list');
      const tolerated = rendered.issues.filter((i) => i.code !== 'empty-list');
      if (fatal.length > 0)
        throw new junos.TemplateRenderError(
          rendered.template,
          `renders Junos text cRPD refuses (an empty list; set asranges on the group or use a template without the list):\n${junos.formatJunosIssues(rendered.template, fatal)}`,
        );
      if (tolerated.length > 0)
        warnings.push(
          `${rendered.template} renders Junos text with structural faults:\n${junos.formatJunosIssues(rendered.template, tolerated)}`,
        );
      if (rendered.missingGroups.length > 0)
        warnings.push(
          `${rendered.template} does not define group${rendered.missingGroups.length === 1 ? '' : 's'} ${rendered.missingGroups.join(', ')} under groups MESHRR protocols bgp: the agent creates ${rendered.missingGroups.length === 1 ? 'it' : 'them'} with meshrr's statements only`,
        );
      notes.push(`rendered from ${rendered.template} (${rendered.engine})`);
      return {
        text: rendered.text,
        notes,
        warnings,
        facts: { ...keyFacts, config: { template: rendered.template, engine: rendered.engine } },
      };
    },
  };
}
