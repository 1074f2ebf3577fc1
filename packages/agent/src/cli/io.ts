/** What a command may touch of its process: the environment and the two output streams. */
export interface CommandIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /**
   * Subscribes to the termination signals (SIGTERM, SIGINT); returns the unsubscribe function.
   * Absent in contexts without a process (tests pass a fake to simulate signals).
   */
  readonly onTerminate?: (handler: (signal: string) => void) => () => void;
  /**
   * Subscribes to the reload signal (SIGHUP: reload the configuration); returns the unsubscribe
   * function. Absent in contexts without a process.
   */
  readonly onReload?: (handler: () => void) => () => void;
}

/** A failure the CLI reports as one clear message and exit code (no stack trace). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}
