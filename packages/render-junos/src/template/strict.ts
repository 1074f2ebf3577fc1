/** Thrown inside a template when it reads a variable or field that does not exist. */
export class MissingTemplateVariable extends Error {
  readonly variable: string;

  constructor(variable: string, known: readonly string[]) {
    super(`${variable} is not defined (defined here: ${known.length > 0 ? known.join(', ') : 'nothing'})`);
    this.name = 'MissingTemplateVariable';
    this.variable = variable;
  }
}

/** Names that JavaScript runtimes and libraries probe on any object (JSON, promises, test matchers, nunjucks). */
const PROBES = new Set([
  'toJSON',
  'then',
  'asymmetricMatch',
  '$$typeof',
  'nodeType',
  '@@__IMMUTABLE_ITERABLE__@@',
  '__keywords',
  'length',
]);

/**
 * Wraps `target` so that reading a string key it does not have throws {@link MissingTemplateVariable}
 * naming `path.key`, unless the key is in `optional` (then it reads as `undefined`, so Jinja2
 * `is defined` tests keep working). Symbols, inherited members and the `in` operator are unaffected.
 */
export function strictRecord<T extends object>(target: T, path: string, optional: ReadonlySet<string> = new Set()): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (typeof prop === 'symbol' || prop in t || optional.has(prop) || PROBES.has(prop))
        return Reflect.get(t, prop, receiver) as unknown;
      const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(prop) ? `${path}.${prop}` : `${path}[${JSON.stringify(prop)}]`;
      throw new MissingTemplateVariable(name, Object.keys(t));
    },
  });
}
