import { describe, expect, it } from 'vitest';
import { escapeXml } from './escapeXml.js';

describe('escapeXml', () => {
  it('escapes the five XML special characters and nothing else', () => {
    expect(escapeXml(`a&b<c>d"e'f 10.0.0.1/24 é`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f 10.0.0.1/24 é');
  });

  it('cannot open an element: escaped text never contains < or a bare &', () => {
    const out = escapeXml('</configuration-set><rpc>&lt;');
    expect(out).not.toMatch(/<|&(?!amp;|lt;|gt;|quot;|apos;)/);
  });
});
