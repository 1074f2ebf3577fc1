import nunjucks from 'nunjucks';
import type { MeshrrTemplateContext } from './context.js';
import { templateError } from './errorPlace.js';

const env = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: true, trimBlocks: false, lstripBlocks: false });

/**
 * Jinja2 source as Python's `jinja2.Template(text)` reads it: line endings become `\n` and one
 * trailing newline is dropped (`keep_trailing_newline=False`).
 */
export function jinjaSourceNormalize(source: string): string {
  return source.replace(/\r\n?/g, '\n').replace(/\n$/, '');
}

/**
 * Renders a meshrr Jinja2 template with nunjucks (Jinja2 syntax) the way meshrr's
 * `render_config.py` did: same variables, dicts iterate over their keys, lists and dicts print as
 * Python prints them, no autoescape, no block trimming, trailing newline dropped. Stricter than
 * meshrr on purpose: outputting an undefined value, or reading a group that is not in the
 * configuration, throws `TemplateRenderError` naming `name`, the line and the expression.
 */
export function renderJinjaTemplate(source: string, name: string, context: MeshrrTemplateContext): string {
  const text = jinjaSourceNormalize(source);
  try {
    return new nunjucks.Template(text, env, name, true).render({ ...context, junos_quote: context.quote });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = /\[Line (\d+), Column \d+\]/.exec(message)?.[1];
    const detail = message.split('\n').map((l) => l.trim()).filter((l) => l !== '').pop() ?? message;
    const hint = /undefined value/.test(detail) ? 'a printed expression is undefined or null' : `Jinja2 (nunjucks): ${detail}`;
    throw templateError(name, text, error, line === undefined ? undefined : Number(line), hint);
  }
}
