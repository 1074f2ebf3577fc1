import { TerminalError } from '@meshrr/core';

/**
 * The BIRD renderer refused its input: a desired-state value that is not a valid IP literal,
 * prefix, group name or AS number, or something BIRD 2 cannot do (EVPN, an IPv6 router id).
 * Terminal: the same input fails the same way. `field` names the offending value
 * (`groups[1].neighbors[0]`, `mode`).
 */
export class BirdRenderError extends TerminalError {
  readonly field: string;

  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super(`BIRD renderer: ${field}: ${message}`, { cause: options?.cause, code: 'bird-render-invalid' });
    this.field = field;
  }
}
