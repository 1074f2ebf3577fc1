import { createRequire } from 'node:module';
import type nunjucksModule from 'nunjucks';
import type { MeshrrTemplateContext } from './context.js';
import { TemplateRenderError } from '../errors.js';
import { sourceLine, templateError } from './errorPlace.js';

type Nunjucks = typeof nunjucksModule;

/**
 * nunjucks and its environment, loaded on first use: only `init` and `render` with a Jinja2
 * template need them, and the agent's other commands start faster and smaller without them.
 */
let loaded: { readonly nunjucks: Nunjucks; readonly env: nunjucksModule.Environment } | undefined;
function jinja(): { readonly nunjucks: Nunjucks; readonly env: nunjucksModule.Environment } {
  if (loaded !== undefined) return loaded;
  const nunjucks = createRequire(import.meta.url)('nunjucks') as Nunjucks;
  const env = new nunjucks.Environment([], {
    autoescape: false,
    throwOnUndefined: true,
    trimBlocks: false,
    lstripBlocks: false,
  });
  loaded = { nunjucks, env };
  return loaded;
}

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
    const { nunjucks, env } = jinja();
    return new nunjucks.Template(text, env, name, true).render({ ...context, junos_quote: context.quote });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const missing = /MissingTemplateVariable: (.+)/.exec(message)?.[1];
    const variable = missing === undefined ? undefined : /^(\S+) is not defined/.exec(missing)?.[1];
    const lineText = /\[Line (\d+), Column \d+\]/.exec(message)?.[1];
    const line = lineText === undefined ? locate(text, variable) : Number(lineText);
    const detail =
      message
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '')
        .pop() ?? message;
    if (missing !== undefined) {
      const at = sourceLine(text, line);
      throw new TemplateRenderError(name, `variable ${missing}${at === undefined ? '' : ` in "${at}"`}`, {
        variable,
        line,
        cause: error,
      });
    }
    const hint = /undefined value/.test(detail)
      ? 'a printed expression is undefined or null'
      : `Jinja2 (nunjucks): ${detail}`;
    throw templateError(name, text, error, line, hint);
  }
}

/** The first line that reads the last key of `variable` (nunjucks gives no line for lookup errors). */
function locate(source: string, variable: string | undefined): number | undefined {
  if (variable === undefined) return undefined;
  const key = /(?:\.([^.[\]]+)|\[("[^"]*")\])$/.exec(variable);
  const word = key?.[1] ?? (key?.[2] === undefined ? undefined : (JSON.parse(key[2]) as string));
  if (word === undefined) return undefined;
  const index = source
    .split('\n')
    .findIndex((l) => l.includes(`'${word}'`) || l.includes(`"${word}"`) || l.includes(`.${word}`));
  return index < 0 ? undefined : index + 1;
}
