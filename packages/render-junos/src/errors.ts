import { MeshrrError, TerminalError } from '@meshrr/core';

/** A value cannot be written into Junos configuration (wrong grammar, control characters). */
export class JunosValueError extends TerminalError {
  /** What the value is, e.g. `group name`, `neighbor address`, `LICENSE_KEY`. */
  readonly what: string;

  constructor(what: string, problem: string, options?: { cause?: unknown }) {
    super(`${what} ${problem}`, { cause: options?.cause, code: 'junos-value-invalid' });
    this.what = what;
  }
}

/**
 * A template could not be rendered: a missing variable, an unknown group, a syntax error or a
 * failing expression. `template` names the template, `variable` the missing name when known.
 */
export class TemplateRenderError extends MeshrrError {
  readonly template: string;
  readonly variable: string | undefined;
  readonly line: number | undefined;

  constructor(template: string, message: string, details: { variable?: string; line?: number; cause?: unknown } = {}) {
    const where = details.line === undefined ? template : `${template}:${details.line}`;
    super('template-render', `${where}: ${message}`, { cause: details.cause });
    this.template = template;
    this.variable = details.variable;
    this.line = details.line;
  }
}

/** An existing `juniper.conf` cannot be updated structurally (it does not parse, or lacks a statement). */
export class ExistingConfigError extends MeshrrError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('existing-config-invalid', message, options);
  }
}
