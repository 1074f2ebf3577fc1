import { TemplateRenderError } from '../errors.js';
import { MissingTemplateVariable } from './strict.js';

/** Walks `error` and its `cause` chain for a {@link MissingTemplateVariable}. */
export function findMissingVariable(error: unknown): MissingTemplateVariable | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof MissingTemplateVariable) return e;
  }
  return undefined;
}

/** The source line `line` (1-based), trimmed, for error messages. */
export function sourceLine(source: string, line: number | undefined): string | undefined {
  if (line === undefined) return undefined;
  return source.split('\n')[line - 1]?.trim();
}

/**
 * Converts an engine error into a {@link TemplateRenderError} naming the template, the line, the
 * missing variable when that is the cause, and the offending source line.
 */
export function templateError(
  template: string,
  source: string,
  error: unknown,
  line: number | undefined,
  detail: string,
): TemplateRenderError {
  const missing = findMissingVariable(error);
  const text = sourceLine(source, line);
  const at = text === undefined || text === '' ? '' : ` in "${text}"`;
  const message = missing === undefined ? `${detail}${at}` : `variable ${missing.message}${at}`;
  return new TemplateRenderError(template, message, { variable: missing?.variable, line, cause: error });
}
