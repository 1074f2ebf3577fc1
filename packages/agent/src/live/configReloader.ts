import { createHash } from 'node:crypto';
import { Secret, type Logger, type MeshrrConfig, type Metrics } from '@meshrr/core';

/** Why a reload was asked for. */
export type ReloadTrigger = 'sighup' | 'file-change';

/** What one reload did: the running configuration replaced, kept as it was, or kept after a refusal. */
export type ReloadResult = 'applied' | 'unchanged' | 'refused';

/** Settings of {@link ConfigReloader}. */
export interface ConfigReloaderOptions<C extends { readonly config: MeshrrConfig }> {
  /** Loads and validates the configuration again (every schema, every key file); throws when invalid. */
  readonly load: () => Promise<C>;
  /** Puts a validated configuration in force; throws when it cannot (the running one is kept). */
  readonly apply: (candidate: C) => Promise<void>;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * The fingerprint of a configuration: SHA-256 of its JSON with each {@link Secret} replaced by the
 * SHA-256 of its value (a changed key is a change; the key itself is never kept or logged).
 */
export function configFingerprint(config: MeshrrConfig): string {
  const json = JSON.stringify(config, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key];
    return raw instanceof Secret ? `sha256:${createHash('sha256').update(raw.reveal()).digest('hex')}` : value;
  });
  return createHash('sha256').update(json).digest('hex');
}

/**
 * Live configuration of the running agent (SIGHUP, or a change of a file it reads): the new
 * configuration is loaded and validated first; an invalid one is refused — logged, counted in
 * `meshrr_config_reloads_total{result="refused"}`, kept as {@link problem} (for `/readyz`) — and the
 * running configuration stays in force. A valid one that differs from the running one (by
 * {@link configFingerprint}) is handed to `apply`; an identical one changes nothing. Reloads never
 * overlap: one asked for while another runs follows it.
 */
export class ConfigReloader<C extends { readonly config: MeshrrConfig }> {
  readonly #options: ConfigReloaderOptions<C>;
  readonly #reloads;
  readonly #lastSuccess;
  #fingerprint: string;
  #problem: string | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(running: MeshrrConfig, options: ConfigReloaderOptions<C>) {
    this.#options = options;
    this.#fingerprint = configFingerprint(running);
    this.#reloads = options.metrics.counter({
      name: 'meshrr_config_reloads_total',
      help: 'Configuration reloads (SIGHUP or a changed file) by result: applied, unchanged, refused (invalid or not applicable; the running configuration is kept).',
      labelNames: ['trigger', 'result'],
    });
    this.#lastSuccess = options.metrics.gauge({
      name: 'meshrr_config_last_reload_successful',
      help: '1 when the last configuration reload was applied or unchanged, 0 when it was refused.',
    });
    this.#lastSuccess.set({}, 1);
  }

  /** Why the last reload was refused (the running configuration was kept); undefined after a good one. */
  get problem(): string | undefined {
    return this.#problem;
  }

  /** Resolves once no reload is under way (those asked for so far have finished). */
  async settled(): Promise<void> {
    await this.#queue;
  }

  /** Reloads once (after any reload under way) and resolves with what it did. Never rejects. */
  reload(trigger: ReloadTrigger, changed: readonly string[] = []): Promise<ReloadResult> {
    const next = this.#queue.then(() => this.#reload(trigger, changed));
    this.#queue = next;
    return next;
  }

  async #reload(trigger: ReloadTrigger, changed: readonly string[]): Promise<ReloadResult> {
    const { logger } = this.#options;
    logger.info({ trigger, changed }, 'reloading the configuration');
    let candidate: C;
    try {
      candidate = await this.#options.load();
    } catch (error) {
      return this.#refuse(trigger, 'invalid', error);
    }
    const fingerprint = configFingerprint(candidate.config);
    if (fingerprint === this.#fingerprint) {
      this.#succeed(trigger, 'unchanged');
      logger.info({ trigger }, 'configuration unchanged: nothing to apply');
      return 'unchanged';
    }
    try {
      await this.#options.apply(candidate);
    } catch (error) {
      return this.#refuse(trigger, 'not applied', error);
    }
    this.#fingerprint = fingerprint;
    this.#succeed(trigger, 'applied');
    logger.info({ trigger }, 'new configuration in force');
    return 'applied';
  }

  #succeed(trigger: ReloadTrigger, result: 'applied' | 'unchanged'): void {
    this.#problem = undefined;
    this.#reloads.inc({ trigger, result });
    this.#lastSuccess.set({}, 1);
  }

  #refuse(trigger: ReloadTrigger, why: string, error: unknown): ReloadResult {
    const message = error instanceof Error ? error.message : String(error);
    this.#problem = `configuration reload refused (${why}), the running configuration is kept: ${message}`;
    this.#reloads.inc({ trigger, result: 'refused' });
    this.#lastSuccess.set({}, 0);
    this.#options.logger.error({ trigger, err: error }, this.#problem);
    return 'refused';
  }
}
