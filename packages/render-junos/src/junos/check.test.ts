import { describe, expect, it } from 'vitest';
import { checkJunosText, formatJunosIssues } from './check.js';
import { parseJunos } from './parse.js';

const codes = (text: string): string[] => checkJunosText(text).map((i) => `${i.line}:${i.code}`);

describe('checkJunosText', () => {
  it('accepts sound text with comments, ## SECRET-DATA, strings and lists', () => {
    const text = [
      'system {',
      '    /* a comment; with { braces } */',
      '    root-authentication {',
      '        encrypted-password "$6$x\\"y"; ## SECRET-DATA',
      '    }',
      '}',
      '# a whole-line comment',
      'groups {',
      '    MESHRR {',
      '        protocols { bgp { group G { type internal; allow [ 10.0.0.0/8 192.168.0.0/16 ]; } } }',
      '    }',
      '}',
      'apply-groups MESHRR;',
      '',
    ].join('\n');
    expect(checkJunosText(text)).toEqual([]);
  });

  it('reports a statement missing its ";" (meshrr B5) on the right line', () => {
    const text = 'group G {\n    type internal\n    family inet {\n        unicast;\n    }\n}\n';
    const issues = checkJunosText(text);
    expect(issues).toEqual([
      {
        code: 'unterminated-statement',
        line: 2,
        column: 5,
        message: 'statement "type internal" is not terminated by ";" or a block',
      },
    ]);
    expect(formatJunosIssues('x.conf', issues)).toBe(
      'x.conf:2:5: statement "type internal" is not terminated by ";" or a block (unterminated-statement)',
    );
  });

  it('reports an unterminated statement before a closing brace and at end of text', () => {
    expect(codes('a {\n  b c\n}\n')).toEqual(['2:unterminated-statement']);
    expect(codes('a;\nb c')).toEqual(['2:unterminated-statement']);
  });

  it('reports empty lists (meshrr B6/B7)', () => {
    expect(codes('as-list X members [ ];\nallow [\n];\n')).toEqual(['1:empty-list', '2:empty-list']);
  });

  it('reports unbalanced braces with the opening line', () => {
    expect(codes('a {\n  b {\n    c;\n  }\n')).toEqual(['1:unclosed-block']);
    expect(codes('a;\n}\n')).toEqual(['2:unexpected-brace']);
    expect(codes('{\n a;\n}\n')).toEqual(['1:anonymous-block']);
  });

  it('reports quoting faults', () => {
    expect(codes('key "abc;\n')).toEqual(['1:unterminated-statement', '1:unterminated-string']);
    expect(codes('key ab"c";\n')).toEqual(['1:quote-in-word']);
    expect(codes('a /* open\n')).toEqual(['1:unterminated-statement', '1:unterminated-comment']);
  });

  it('reports stray ";" and an unclosed list', () => {
    expect(codes('a;\n;\n')).toEqual(['2:empty-statement']);
    expect(codes('allow [ 10.0.0.0/8 ;\n')).toEqual(['1:unterminated-list']);
  });

  it('allows lists spanning lines and multi-line strings', () => {
    expect(codes('allow [\n  10.0.0.0/8\n  10.1.0.0/16\n];\nkey "a\nb";\n')).toEqual([]);
  });

  it('builds the statement tree with offsets', () => {
    const text = 'a {\n  b 1;\n}\n';
    const { statements } = parseJunos(text);
    expect(statements).toHaveLength(1);
    const a = statements[0];
    expect(a?.words.map((w) => w.value)).toEqual(['a']);
    expect(text.slice(a?.start, a?.end)).toBe('a {\n  b 1;\n}');
    const b = a?.children?.[0];
    expect(text.slice(b?.start, b?.end)).toBe('b 1;');
    expect(b?.line).toBe(2);
  });
});
