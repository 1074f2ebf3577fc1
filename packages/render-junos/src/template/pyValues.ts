/**
 * Values that print like Python's `str()` of the same data (`['10.0.0.0/8']`,
 * `{'sourcetype': 'dns', 'hostname': 'meshrr'}`), so a Jinja2 template that outputs a list or a dict
 * renders exactly as meshrr rendered it. A {@link PyDict} iterates over its keys, like a Python dict.
 */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return pyStringRepr(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${pyStringRepr(k)}: ${pyRepr(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

function pyStringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`);
  return `${quote}${body}${quote}`;
}

/** An array whose `toString()` is Python's `str(list)`. */
export class PyList<T> extends Array<T> {
  override toString(): string {
    return pyRepr([...this]);
  }
}

/**
 * A string-keyed record whose `toString()` is Python's `str(dict)` and whose iteration yields its
 * keys (Jinja2 `{% for name in dict %}`); `items()`, `keys()` and `values()` behave as in Python.
 */
export class PyDict {
  [key: string]: unknown;

  static of(entries: Iterable<readonly [string, unknown]>): PyDict {
    const dict = new PyDict();
    for (const [k, v] of entries) dict[k] = v;
    return dict;
  }
}

Object.defineProperties(PyDict.prototype, {
  toString: {
    value(this: PyDict) {
      return pyRepr({ ...this });
    },
  },
  [Symbol.iterator]: {
    value(this: PyDict) {
      return Object.keys(this)[Symbol.iterator]();
    },
  },
  items: {
    value(this: PyDict) {
      return Object.entries(this);
    },
  },
  keys: {
    value(this: PyDict) {
      return Object.keys(this);
    },
  },
  values: {
    value(this: PyDict) {
      return Object.values(this);
    },
  },
});
