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
