import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJunos9, encodeJunos9 } from './junosSecret9.js';

describe('Junos $9$ secrets', () => {
  it('decodes what it encodes, for every salt family and printable key (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[\x21-\x7e]{1,80}$/),
        fc.constantFrom(['Q', 'zzz'], ['B', 'zz'], ['7', 'z'], ['i', '']),
        (plain, [salt, filler]) => {
          const secret = encodeJunos9(plain, salt!, filler!);
          expect(secret.startsWith(`$9$${salt!}`)).toBe(true);
          expect(decodeJunos9(secret)).toBe(plain);
        },
      ),
    );
  });

  it('refuses what is not a $9$ secret', () => {
    expect(decodeJunos9('plain')).toBeUndefined();
    expect(decodeJunos9('$9$')).toBeUndefined();
    expect(decodeJunos9('$9$Q!!!')).toBeUndefined();
  });
});
