import type { MeshrrConfig } from '@meshrr/core';
import { TemplateRenderError } from '../errors.js';
import { findStatements } from '../junos/find.js';
import { parseJunos, type JunosIssue } from '../junos/parse.js';
import { MESHRR_KEY_PATH, meshrrKeyEdits } from '../junos/sshKey.js';
import { applyTextEdits } from '../junos/textEdit.js';
import { buildTemplateContext, type TemplateInputs } from './context.js';
import { defaultTemplate, type TemplateSource } from './defaults.js';
import { renderEtaTemplate } from './eta.js';
import { renderJinjaTemplate } from './jinja.js';

/** What `meshrr init` needs to render `/config/juniper.conf` from a template. */
export interface InitialConfigRequest {
  readonly config: MeshrrConfig;
  readonly inputs: TemplateInputs;
  /** A user template (meshrr `/opt/meshrr/conf/juniper.conf.j2`, or an Eta file); default: by `config.mode`. */
  readonly template?: TemplateSource;
}

/** The rendered configuration, the template used and the structural issues found in it. */
export interface InitialConfig {
  readonly text: string;
  readonly template: string;
  readonly engine: 'eta' | 'jinja2';
  /** Structural faults of the rendered text (e.g. meshrr's missing `;`, B5). Empty for the defaults. */
  readonly issues: readonly JunosIssue[];
  /**
   * Groups of the configuration the text does not define under `groups MESHRR protocols bgp`
   * (the agent creates them, complete, when it first runs; a template meant to define them lacks them).
   */
  readonly missingGroups: readonly string[];
}

/**
 * Renders the initial `juniper.conf`: builds the template context (validating every value), renders
 * the user template as written (Eta or Jinja2) or the default one for `config.mode`, then sets the
 * meshrr login key (`system login user meshrr authentication ssh-ed25519`) structurally, as meshrr's
 * init did with sed, and checks the structure. Throws `JunosValueError` for invalid inputs and
 * `TemplateRenderError` for a template error or when the text has no meshrr login key statement
 * (the agent could not log in). Structural faults are returned in `issues`, not thrown, so that the
 * caller decides (a user template is rendered as its owner wrote it).
 */
export function renderInitialConfig(request: InitialConfigRequest): InitialConfig {
  const template = request.template ?? defaultTemplate(request.config.mode);
  const context = buildTemplateContext(request.config, request.inputs);
  const rendered =
    template.engine === 'eta'
      ? renderEtaTemplate(template.text, template.name, context)
      : renderJinjaTemplate(template.text, template.name, context);
  const parsed = parseJunos(rendered);
  const edits = meshrrKeyEdits(parsed.statements, request.inputs.sshPublicKey);
  if (edits.length === 0) {
    throw new TemplateRenderError(
      template.name,
      `the rendered configuration has no "${MESHRR_KEY_PATH.join(' ')}" statement, so the agent could not log in over NETCONF`,
    );
  }
  const text = applyTextEdits(rendered, edits);
  const final = parseJunos(text);
  const defined = new Set(
    findStatements(final.statements, ['groups', 'MESHRR', 'protocols', 'bgp', 'group', '*']).map(
      (m) => m.statement.words[m.valueIndex - 1]?.value,
    ),
  );
  const missingGroups = request.config.groups.map((g) => g.name).filter((name) => !defined.has(name));
  return { text, template: template.name, engine: template.engine, issues: final.issues, missingGroups };
}
