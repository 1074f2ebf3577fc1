import type { ServiceIdentifier } from 'inversify';
import type { Clock, Logger, Metrics } from './ambient.js';
import type { MeshrrConfig } from './config.js';
import type { OptionsSchema } from './discovery.js';
import type { RouterIdentity } from './peer.js';
import type { Renderer } from './renderer.js';
import type { Transport } from './transport.js';

/**
 * Version of the platform contract ({@link PlatformProvider}, {@link Platform},
 * {@link PlatformInitializer} and the `Renderer`/`Transport`/`ConfigSession` contracts they
 * return). Compatibility promise (docs/writing-a-platform-plugin.md): while this stays 1, no member
 * a provider must implement is added or changed and every guarantee the engine gives a platform
 * keeps holding; new optional members may appear. A breaking change raises it to 2, and the agent
 * then still loads version-1 providers for at least one further minor release (with a warning).
 */
export const PLATFORM_API_VERSION = 1 as const;

/** What a platform receives besides its options: scoped ambient services, never globals. */
export interface PlatformContext {
  /** Logger already bound to `{ platform }`. */
  readonly logger: Logger;
  /** Every timer and timeout (commit-confirmed timers, command timeouts). */
  readonly clock: Clock;
  /** For the platform's own metrics (`meshrr_<platform>_…`); the engine already counts commits and sessions. */
  readonly metrics: Metrics;
  /** Directory of `meshrr.conf.yml`: relative paths in options resolve against it. */
  readonly baseDir: string;
  /**
   * True for read-only commands (`meshrr plan`, `meshrr discover`): the platform reads the device
   * but writes nothing on the machine it runs on — no recorded host key, no created directory, no
   * state file (issue 11). Absent means false.
   */
  readonly readOnly?: boolean;
}

/** What `meshrr init` / `meshrr render` ask a platform for: the daemon's configuration before it starts. */
export interface InitialConfigRequest {
  readonly config: MeshrrConfig;
  readonly identity: RouterIdentity;
  /** The file's current text when it exists: keep what is not meshrr's (Junos updates the router identity only). */
  readonly existing?: string;
  /** A user template (`--template`), when one was given. */
  readonly template?: string;
  /** The process environment as the agent passes it (`LICENSE_KEY`, …). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** True for `meshrr render`: write nothing (no keys, no files); placeholders are allowed. */
  readonly preview: boolean;
}

/** The daemon's initial configuration: the text the agent writes (atomically, mode 0600) and what to tell the user. */
export interface InitialConfig {
  readonly text: string;
  /** One line each: what was done (`generated SSH key /secret/ssh/id_ed25519`). */
  readonly notes: readonly string[];
  /** One line each: problems the user should fix but that do not stop `init`. */
  readonly warnings: readonly string[];
  /**
   * Machine-readable facts for `init -o json|yaml` (Junos: `sshKey: { path, generated }` and
   * `config: { template, engine }` or `config: { changes }`). `config` is merged into the report's
   * `config` entry, other keys are reported beside it. Never secrets.
   */
  readonly facts?: Readonly<Record<string, unknown>>;
}

/** Renders the daemon's configuration before it starts (meshrr's init container). */
export interface PlatformInitializer {
  /** Where `meshrr init` writes when no `--output` is given (from the platform's options). */
  readonly defaultPath: string;
  /** @throws {MeshrrError} with a message naming what is missing (an environment variable, a template). */
  render(request: InitialConfigRequest): Promise<InitialConfig>;
}

/**
 * A loaded platform: what the engine needs to drive one kind of routing daemon. The engine holds
 * no platform code; everything platform-specific is behind these members.
 */
export interface Platform {
  /** Desired state → the daemon's change; pure and deterministic (see {@link Renderer}). */
  readonly renderer: Renderer;
  /**
   * The transport to the daemon beside the agent. Called once, and never in dry-run (`--dry-run`
   * replaces the device), so a platform may import its transport code here, on demand.
   */
  transport(): Promise<Transport>;
  /** The initial configuration for `meshrr init` / `meshrr render`; absent when the platform has none. */
  readonly initializer?: PlatformInitializer;
}

/**
 * A platform plugin: one named routing daemon (`junos`, `frr`, plugin names such as `bird`).
 * Multi-bound under {@link PlatformProvider}; the agent indexes providers by `name`, refuses a
 * duplicate name or an `apiVersion` it does not support, validates the options with
 * `optionsSchema` (from `platform:` in `meshrr.conf.yml`, `MESHRR_<NAME>_<OPTION>` environment
 * variables and `--platform-option key=value`, all errors at once) and calls `load` once, for
 * the platform the configuration selects only.
 */
export interface PlatformProvider<TOptions = unknown> {
  /** The contract version this provider implements: {@link PLATFORM_API_VERSION}. */
  readonly apiVersion: typeof PLATFORM_API_VERSION;
  /** kebab-case, lower-case: the value of `--platform`, `MESHRR_PLATFORM` and `platform.name`. */
  readonly name: string;
  /** One line for help and error messages (`BIRD 2 over its control socket`). */
  readonly summary: string;
  /**
   * Validates the options (every key of the `platform:` block but `name`). Values from the
   * environment and from `--platform-option` arrive as strings: accept the string form of every
   * scalar option (for example `z.coerce.number()`).
   */
  readonly optionsSchema: OptionsSchema<TOptions>;
  /**
   * Builds the platform. Keep the module that exports the provider small and import the
   * renderer's code here, on demand, so an agent for another platform never loads it.
   * @throws {MeshrrError} when the options cannot work (naming the option).
   */
  load(options: TOptions, context: PlatformContext): Promise<Platform>;
}
export const PlatformProvider: ServiceIdentifier<PlatformProvider> = Symbol.for('@meshrr/core:PlatformProvider');
