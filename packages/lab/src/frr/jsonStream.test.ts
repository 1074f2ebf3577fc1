import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonStream } from './jsonStream.js';

describe('parseJsonStream', () => {
  it('splits concatenated vtysh JSON outputs, braces inside strings included', () => {
    expect(parseJsonStream('{\n "a":"}{",\n "b":[1,{"c":"\\"]"}]\n}\n{}\n[1]\n')).toEqual([
      { a: '}{', b: [1, { c: '"]' }] },
      {},
      [1],
    ]);
    expect(parseJsonStream('')).toEqual([]);
  });

  it('rejects garbage and truncated text', () => {
    expect(() => parseJsonStream('{} % Unknown command')).toThrow(SyntaxError);
    expect(() => parseJsonStream('{"a":1')).toThrow('text ends inside a JSON value');
    expect(() => parseJsonStream('{}}')).toThrow('unbalanced } at offset 2');
  });

  it('round-trips any sequence of JSON objects, pretty or compact', () => {
    const value = fc.dictionary(fc.string(), fc.jsonValue());
    fc.assert(
      fc.property(fc.array(value, { maxLength: 5 }), fc.boolean(), (objects, pretty) => {
        const text = objects.map((o) => JSON.stringify(o, null, pretty ? 2 : 0)).join('\n');
        expect(parseJsonStream(text)).toEqual(JSON.parse(JSON.stringify(objects)));
      }),
    );
  });
});
