import { describe, expect, it } from 'vitest';
import { parseXml, XmlSyntaxError } from './parseXml.js';
import { child, childText, descendants } from './xmlElement.js';

describe('parseXml', () => {
  it('resolves namespaces by URI, strips attribute prefixes and skips comments', () => {
    const root = parseXml(
      '<!-- a --><!-- b -->\n<nc:rpc-reply xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" xmlns:junos="J" message-id="7"><x xmlns="P" junos:style="terse"><!-- keepalive --><y>a &lt;b&gt;</y></x><nc:ok/></nc:rpc-reply>',
    );
    expect(root.name).toBe('rpc-reply');
    expect(root.prefix).toBe('nc');
    expect(root.ns).toBe('urn:ietf:params:xml:ns:netconf:base:1.0');
    expect(root.attrs.get('message-id')).toBe('7');
    const x = child(root, 'x');
    expect(x?.ns).toBe('P');
    expect(x?.attrs.get('style')).toBe('terse');
    expect(x?.attrs.has('xmlns')).toBe(false);
    expect(childText(x, 'y')).toBe('a <b>');
    expect(child(root, 'ok')?.ns).toBe('urn:ietf:params:xml:ns:netconf:base:1.0');
    expect(descendants(root, 'y')).toHaveLength(1);
  });

  it('keeps text untrimmed and leaves unbound prefixes with ns undefined', () => {
    const root = parseXml('\ufeff<a><m>\n  text \n</m><junos:b/></a>');
    expect(child(root, 'm')?.text).toBe('\n  text \n');
    expect(child(root, 'b')?.ns).toBeUndefined();
  });

  it('rejects unclosed elements with the position', () => {
    let caught: unknown;
    try {
      parseXml('<r>\n<routing-engine>\n<ok/>\n</r>');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(XmlSyntaxError);
    expect((caught as XmlSyntaxError).message).toContain("Expected closing tag 'routing-engine'");
    expect((caught as XmlSyntaxError).line).toBe(4);
  });

  it('rejects text without a single root', () => {
    expect(() => parseXml('<a/><b/>')).toThrow(XmlSyntaxError);
    expect(() => parseXml('<!-- only a comment -->')).toThrow(XmlSyntaxError);
  });
});
