import type { DiscoveryError, Logger } from '@meshrr/core';
import type { LookupReport } from '../lookup/lookupPeers.js';

/**
 * Log lines of one DNS source, without repeating itself every refresh: ignored resolv.conf lines are
 * logged when they change; a failure streak is logged when it starts or changes kind, and its end
 * once. Rejected records (a failure of kind `invalid-peer`) are counted and logged by core's
 * discovery manager (`meshrr_discovery_rejected_records_total`).
 */
export class SourceReporter {
  readonly #logger: Logger;
  #ignoredKey = '';
  #failures = 0;
  #failureKind: string | undefined;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  noteIgnoredLines(path: string, ignored: readonly { line: number; text: string; reason: string }[]): void {
    const key = JSON.stringify(ignored);
    if (key === this.#ignoredKey) return;
    this.#ignoredKey = key;
    for (const entry of ignored)
      this.#logger.warn(
        { file: path, line: entry.line, text: entry.text, reason: entry.reason },
        'resolv.conf line ignored',
      );
  }

  noteSuccess(report: LookupReport): void {
    if (this.#failures > 0)
      this.#logger.info({ failures: this.#failures, name: report.answeredName }, 'DNS lookups recovered');
    this.#failures = 0;
    this.#failureKind = undefined;
  }

  noteFailure(failure: DiscoveryError): void {
    this.#failures += 1;
    if (this.#failureKind !== failure.kind) {
      this.#logger.warn(
        { kind: failure.kind, err: failure, consecutive: this.#failures },
        'DNS lookup failed; keeping the last good peer set',
      );
    }
    this.#failureKind = failure.kind;
  }
}
