import { Eta } from 'eta';
import type { MeshrrTemplateContext } from './context.js';
import { templateError } from './errorPlace.js';
import { MissingTemplateVariable } from './strict.js';

const eta = new Eta({
  autoEscape: false,
  autoTrim: false,
  autoFilter: true,
  debug: true,
  filterFunction: (value: unknown): string => {
    if (value === undefined || value === null) throw new MissingTemplateVariable('an interpolated value (<%= %>)', []);
    return String(value);
  },
});

/**
 * Renders an Eta template (`it` = the context; `autoTrim: false`, no escaping, put `-%>` on control
 * lines). A missing variable, an unknown group or field, or an interpolated `undefined`/`null` throws
 * `TemplateRenderError` naming `name`, the line and the variable; so does a syntax error.
 */
export function renderEtaTemplate(source: string, name: string, context: MeshrrTemplateContext): string {
  try {
    return eta.renderString(source, context as unknown as object);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = /line (\d+)/.exec(message)?.[1];
    const last =
      message
        .split('\n')
        .filter((l) => l.trim() !== '')
        .pop() ?? message;
    throw templateError(name, source, error, line === undefined ? undefined : Number(line), `Eta: ${last.trim()}`);
  }
}
