import { TerminalError } from '@meshrr/core';

/**
 * The FRR renderer refused its input: a desired-state value that is not a valid IP literal,
 * prefix, group name or AS number, an impossible renderer option, or a user template that failed
 * or produced lines meshrr owns. Terminal: the same input fails the same way. `field` names the
 * offending value (e.g. `groups[1].neighbors[0]`, `options.templates.bgp`).
 */
export class FrrRenderError extends TerminalError {
  readonly field: string;

  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super(`FRR renderer: ${field}: ${message}`, { cause: options?.cause, code: 'frr-render-invalid' });
    this.field = field;
  }
}
