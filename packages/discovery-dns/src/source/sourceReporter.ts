import type { DiscoveryError, Logger } from '@meshrr/core';
import type { LookupReport } from '../lookup/lookupPeers.js';
import type { DnsMetrics } from './dnsMetrics.js';

/**
 * Metrics and log lines of one DNS source, without repeating itself every refresh: dropped records
 * and ignored resolv.conf lines are logged (and dropped records counted) when they change; a failure
 * streak is logged when it starts or changes kind, and its end once.
 */
export class SourceReporter {
  readonly #logger: Logger;
  readonly #metrics: DnsMetrics;
  #droppedKey = '';
  #ignoredKey = '';
  #failures = 0;
  #failureKind: string | undefined;

  constructor(logger: Logger, metrics: DnsMetrics) {
    this.#logger = logger;
    this.#metrics = metrics;
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
    const key = JSON.stringify(report.dropped);
    if (key !== this.#droppedKey) {
      this.#droppedKey = key;
      for (const dropped of report.dropped) {
        this.#metrics.recordDropped(dropped.reason);
        this.#logger.warn(
          { record: dropped.record, reason: dropped.reason },
          'DNS record dropped: not a valid peer address',
        );
      }
    }
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
