import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JunosValueError } from '../errors.js';
import { lexJunos } from './lexer.js';
import { junosQuote } from './quote.js';

describe('junosQuote', () => {
  it('quotes and escapes " and \\', () => {
    expect(junosQuote('abc')).toBe('"abc"');
    expect(junosQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(junosQuote('')).toBe('""');
  });

  it('rejects newlines and control characters, naming the value', () => {
    expect(() => junosQuote('a\nb', 'LICENSE_KEY')).toThrow(JunosValueError);
    expect(() => junosQuote('a\nb', 'LICENSE_KEY')).toThrow(/^LICENSE_KEY must not contain a newline/);
    expect(() => junosQuote('a\rb')).toThrow(JunosValueError);
    expect(() => junosQuote('a\u0000b')).toThrow(JunosValueError);
  });

  it('round-trips any printable string as exactly one string token (no injection)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', '"', '\\', ';', '{', '}', '[', ']', ' ', '#', '/', '*', 'é') }),
        (s) => {
          const { tokens, faults } = lexJunos(`key ${junosQuote(s)};`);
          expect(faults).toEqual([]);
          expect(tokens.map((t) => t.kind)).toEqual(['word', 'string', ';']);
          expect(tokens[1]?.value).toBe(s);
        },
      ),
    );
  });
});
