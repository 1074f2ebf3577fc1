/**
 * The exit codes of `meshrr`, the same for every command (documented in `meshrr --help` and
 * docs/cli.md, which is generated from this table).
 */
export const EXIT_CODES = {
  /** Success; for `plan`: the device already has the desired configuration. */
  ok: 0,
  /** A failure: invalid configuration, an unreachable device, a rejected change, a lab command that failed. */
  failure: 1,
  /** A usage error: unknown command or flag, a flag value outside what is allowed (also from its environment variable). */
  usage: 2,
  /** `plan`: the device would change (as `terraform plan -detailed-exitcode` exits 2 and `kubectl diff` exits 1). */
  changes: 3,
  /** `discover`: a source is unhealthy or did not deliver a complete set in time. */
  unhealthy: 4,
} as const;

/** One documented exit code. */
export interface ExitCodeDoc {
  readonly code: number;
  readonly meaning: string;
}

/** The exit codes with their meaning, in order. */
export const EXIT_CODE_DOCS: readonly ExitCodeDoc[] = [
  { code: EXIT_CODES.ok, meaning: 'success (plan: no change; run/sidecar: stopped cleanly after SIGTERM)' },
  {
    code: EXIT_CODES.failure,
    meaning: 'failure: invalid configuration, unreachable device, rejected change, failed lab command',
  },
  { code: EXIT_CODES.usage, meaning: 'usage error: unknown command or flag, invalid flag or environment value' },
  { code: EXIT_CODES.changes, meaning: 'plan: the device would change (changes pending)' },
  { code: EXIT_CODES.unhealthy, meaning: 'discover: a source is unhealthy or not synced' },
];
