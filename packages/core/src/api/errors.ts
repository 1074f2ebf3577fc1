/**
 * Base class of every error meshrr throws on purpose. `code` is stable and machine-readable;
 * `cause` carries the lower-level error (never swallowed).
 */
export class MeshrrError extends Error {
  /** Stable identifier of the error kind, e.g. `config-invalid`, `transport`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A failure that retrying cannot fix without a change of input (the device rejected the
 * configuration, a configuration value is impossible). The controller does not retry a key that
 * failed terminally until its inputs change; it surfaces the error in status and metrics.
 */
export class TerminalError extends MeshrrError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'terminal', message, options);
  }
}

/**
 * The device refused a change (syntax error, unknown statement, commit check failure). Carries
 * the device's own message and, when it gave one, the configuration path it complained about.
 */
export class DeviceRejectedError extends TerminalError {
  /** Messages as the device wrote them, in order. */
  readonly deviceMessages: readonly string[];
  /** Configuration path or element the device named, when it named one. */
  readonly devicePath: string | undefined;

  constructor(message: string, details: { deviceMessages: readonly string[]; devicePath?: string; cause?: unknown }) {
    super(message, { cause: details.cause, code: 'device-rejected' });
    this.deviceMessages = details.deviceMessages;
    this.devicePath = details.devicePath;
  }
}

/**
 * The management channel failed (connection refused or lost, timeout, malformed reply). Always
 * retryable: the engine backs off and tries again on a fresh session.
 */
export class TransportError extends MeshrrError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'transport', message, options);
  }
}

/**
 * A discovery lookup failed (server unreachable, SERVFAIL, API error). Sources report it through
 * {@link PeerSink.reportFailure}; they never emit partial or empty data because of it.
 */
export class DiscoveryError extends MeshrrError {
  /** Failure class used for metrics labels, e.g. `timeout`, `servfail`, `http-500`. */
  readonly kind: string;

  constructor(kind: string, message: string, options?: { cause?: unknown }) {
    super('discovery', message, options);
    this.kind = kind;
  }
}

/** One record a discovery source refused, and why. */
export interface RejectedRecord {
  /** The record as the source saw it: an address, `file:line`, a DNS record, an endpoint. */
  readonly record: string;
  /** Metric label: an address class of the policy (`reserved`, `ipv4-mapped`, …) or a source reason. */
  readonly reason: string;
  /** One line for operators saying what is wrong. */
  readonly detail: string;
}

/** At most this many rejected records are spelled out in a message (all are counted). */
const REJECTIONS_IN_MESSAGE = 5;

/**
 * A source's answer held records that cannot be peers (issue 11): the whole set is refused — it
 * is a failed lookup, the last good set stays in force — and every rejected record is reported
 * (the discovery manager counts them in `meshrr_discovery_rejected_records_total{reason}` and
 * logs them). Kind `invalid-peer`.
 */
export class RejectedRecordsError extends DiscoveryError {
  readonly rejected: readonly RejectedRecord[];

  constructor(where: string, rejected: readonly RejectedRecord[], options?: { cause?: unknown }) {
    const shown = rejected.slice(0, REJECTIONS_IN_MESSAGE).map((r) => r.detail);
    const more = rejected.length > shown.length ? `; and ${rejected.length - shown.length} more` : '';
    const count = `${rejected.length} record${rejected.length === 1 ? '' : 's'}`;
    super('invalid-peer', `${where}: ${count} rejected, set refused: ${shown.join('; ')}${more}`, options);
    this.rejected = rejected;
  }
}
