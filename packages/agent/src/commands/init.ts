import type { InitialConfig, PlatformOverrides } from '@meshrr/core';
import { CliError, type CommandIo } from '../cli/io.js';
import { formatOutput, type OutputFormat } from '../cli/output.js';
import { readIfExists, writeFileAtomic } from '../config/fileAccess.js';
import { routerIdentityFrom } from '../config/loadAgentConfig.js';
import { createLogger } from '../runtime/logger.js';
import { DiscardingMetrics } from '../runtime/discardingMetrics.js';
import { loadAgentConfiguration, loadConfiguredPlatform } from './agentSetup.js';

/** Options of `meshrr init` and `meshrr render`. */
export interface InitOptions {
  readonly config?: string;
  /** A user template for the platform's initial configuration (Junos: Jinja2 or Eta). */
  readonly template?: string;
  /** `init`: the file to write (default: the platform's, e.g. /config/juniper.conf). `render`: write here instead of standard output. */
  readonly out?: string;
  /** Format of the report: `text` (lines on standard error, as meshrr), `json`/`yaml` (standard output). */
  readonly output?: OutputFormat;
}

/** What `meshrr init` did (its `-o json|yaml` report), with the platform's own facts (Junos: `sshKey`, template). */
export interface InitReport {
  readonly platform: string;
  readonly config: { readonly path: string; readonly action: 'written' | 'updated'; readonly [fact: string]: unknown };
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
  readonly [fact: string]: unknown;
}

/** Loads configuration and platform (no discovery), and refuses a platform without an initial configuration. */
async function initializerFor(options: InitOptions, overrides: PlatformOverrides, io: CommandIo) {
  const identity = routerIdentityFrom(io.env);
  const configuration = await loadAgentConfiguration(options.config, io.env, overrides, false);
  const logger = createLogger({ level: 'warn', destination: { write: (line: string) => io.stderr(line) } });
  const platform = await loadConfiguredPlatform(configuration, {
    logger,
    metrics: new DiscardingMetrics(),
  });
  const name = configuration.config.platform.name;
  if (platform.initializer === undefined)
    throw new CliError(`platform ${name} has no initial configuration: start its daemon with your own`);
  return { identity, configuration, name, initializer: platform.initializer };
}

/** `facts` split into what belongs to the `config` entry and what stands beside it. */
function splitFacts(result: InitialConfig): { config: Record<string, unknown>; rest: Record<string, unknown> } {
  const { config, ...rest } = result.facts ?? {};
  return {
    config: typeof config === 'object' && config !== null ? { ...(config as Record<string, unknown>) } : {},
    rest,
  };
}

/**
 * meshrr's init container for any platform: the platform renders its daemon's configuration before
 * the daemon starts (Junos: SSH key pair, licence, template or the structural update of an
 * existing juniper.conf; FRR: the router identity; plugin platforms: their own), and the agent
 * writes it atomically (mode 0600) to `--out` or the platform's default path. Text output: notes
 * and warnings on standard error, as meshrr; `-o json|yaml`: an {@link InitReport} on standard output.
 */
export async function runInit(options: InitOptions, overrides: PlatformOverrides, io: CommandIo): Promise<InitReport> {
  const { identity, configuration, name, initializer } = await initializerFor(options, overrides, io);
  const format = options.output ?? 'text';
  const path = options.out ?? initializer.defaultPath;
  const existing = await readIfExists(path, 'existing configuration');
  const result = await initializer.render({
    config: configuration.config,
    identity,
    env: io.env,
    preview: false,
    ...(existing === undefined ? {} : { existing }),
    ...(options.template === undefined ? {} : { template: options.template }),
  });
  await writeFileAtomic(path, result.text);
  const facts = splitFacts(result);
  const action = existing === undefined ? ('written' as const) : ('updated' as const);
  const warnings = [...configuration.warnings, ...result.warnings];
  const report: InitReport = {
    platform: name,
    config: { path, action, ...facts.config },
    ...facts.rest,
    notes: result.notes,
    warnings,
  };
  for (const warning of format === 'text' ? configuration.warnings : warnings) io.stderr(`warning: ${warning}\n`);
  if (format === 'text') {
    for (const note of result.notes) io.stderr(`${note}\n`);
    for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
    io.stderr(`${action === 'written' ? 'wrote' : 'updated existing'} ${path}\n`);
  } else {
    io.stdout(formatOutput(report, format, () => ''));
  }
  return report;
}

/**
 * `meshrr render`: the initial configuration `init` would write for a fresh pod, without writing
 * keys or the configuration: to standard output or `--out` (mode 0600). `-o json|yaml`: the
 * platform, its facts (Junos: template, engine), notes, warnings and the configuration (or `out`).
 */
export async function runRender(options: InitOptions, overrides: PlatformOverrides, io: CommandIo): Promise<void> {
  const { identity, configuration, name, initializer } = await initializerFor(options, overrides, io);
  const result = await initializer.render({
    config: configuration.config,
    identity,
    env: io.env,
    preview: true,
    ...(options.template === undefined ? {} : { template: options.template }),
  });
  const format = options.output ?? 'text';
  for (const warning of [...configuration.warnings, ...result.warnings]) io.stderr(`warning: ${warning}\n`);
  if (options.out !== undefined) await writeFileAtomic(options.out, result.text);
  if (format === 'text') {
    for (const note of result.notes) io.stderr(`${note}\n`);
    if (options.out === undefined) io.stdout(result.text);
    return;
  }
  const facts = splitFacts(result);
  const report = {
    platform: name,
    ...facts.config,
    ...facts.rest,
    notes: result.notes,
    warnings: result.warnings,
    ...(options.out === undefined ? { config: result.text } : { out: options.out }),
  };
  io.stdout(formatOutput(report, format, () => ''));
}
