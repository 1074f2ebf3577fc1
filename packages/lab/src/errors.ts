import { MeshrrError } from '@meshrr/core';

/**
 * A lab operation failed (a command exited non-zero, a daemon did not come up in time, the state
 * directory is unusable). `code` is `lab`; `cause` carries the lower-level error.
 */
export class LabError extends MeshrrError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'lab', message, options);
  }
}

/**
 * The machine cannot run a lab: not root, or a required program is missing. `missing` lists the
 * absent programs, `packages` the Debian packages that provide them (`scripts/setup-system.sh`
 * installs them).
 */
export class LabPrerequisiteError extends LabError {
  readonly missing: readonly string[];
  readonly packages: readonly string[];

  constructor(message: string, details: { missing: readonly string[]; packages: readonly string[] }) {
    super(message, { code: 'lab-prerequisite' });
    this.missing = details.missing;
    this.packages = details.packages;
  }
}

/** A topology file is invalid. `issues` holds one `file: field: message` line per problem. */
export class TopologyError extends LabError {
  readonly issues: readonly string[];

  constructor(file: string, issues: readonly string[], options?: { cause?: unknown }) {
    super(`invalid lab topology ${file}:\n  ${issues.join('\n  ')}`, { ...options, code: 'lab-topology' });
    this.issues = issues;
  }
}
