import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeChunked, scanChunked } from './chunked.js';
import { encodeEom, scanEom } from './eom.js';
import { FrameReader } from './frameReader.js';
import { FramingError } from './framingError.js';

const golden = (name: string): Buffer => readFileSync(new URL(`../__golden__/framing/${name}`, import.meta.url));
const GET =
  '<rpc message-id="1" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><get-config><source><running/></source></get-config></rpc>';
const EDIT =
  '<rpc message-id="2" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><edit-config><target><candidate/></target><config><bgp xmlns="urn:meshrr:lab"><group><name>Zürich-Ω</name></group></bgp></config></edit-config></rpc>';

function readAll(reader: FrameReader, pieces: readonly Buffer[]): string[] {
  const out: string[] = [];
  for (const p of pieces) {
    reader.push(p);
    for (let m = reader.read(); m !== undefined; m = reader.read()) out.push(m.toString('utf8'));
  }
  return out;
}

describe('framing encoders (golden bytes)', () => {
  it('base:1.0 appends ]]>]]> directly', () => {
    expect(encodeEom(GET).equals(golden('get-config.eom.bin'))).toBe(true);
  });
  it('base:1.1 sends one chunk whose size counts UTF-8 octets', () => {
    expect(encodeChunked(GET).equals(golden('get-config.chunked.bin'))).toBe(true);
    const utf8 = encodeChunked(EDIT);
    expect(utf8.equals(golden('edit-config-utf8.chunked.bin'))).toBe(true);
    expect(utf8.subarray(0, 6).toString('latin1')).toBe(`\n#${EDIT.length + 2}\n`);
  });
  it('refuses an empty chunked message', () => {
    expect(() => encodeChunked('')).toThrow(FramingError);
  });
});

describe('FrameReader', () => {
  it('decodes many chunks per message and consecutive messages (golden stream)', () => {
    const expected = golden('server-two-replies.expected.txt').toString('utf8').split('\n').slice(0, 2);
    const reader = new FrameReader();
    reader.setMode('chunked');
    expect(readAll(reader, [golden('server-two-replies.chunked.bin')])).toEqual(expected);
    expect(reader.bufferedBytes).toBe(0);
  });

  it('gives the same messages however the bytes are split into packets (both framings)', () => {
    const messages = ['<a/>', '<hello>ü</hello>', '<x>]]>]]</x>', '<y>#\n##</y>'];
    const streams: Array<['eom' | 'chunked', Buffer]> = [
      ['eom', Buffer.concat(messages.map(encodeEom))],
      ['chunked', Buffer.concat(messages.map(encodeChunked))],
    ];
    for (const [mode, stream] of streams) {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 12 }), (cuts) => {
          const points = [...new Set(cuts)].sort((a, b) => a - b);
          const pieces = [0, ...points].map((p, i) => stream.subarray(p, points[i] ?? stream.length));
          const reader = new FrameReader();
          reader.setMode(mode);
          expect(readAll(reader, pieces)).toEqual(messages);
        }),
      );
    }
  });

  it('switches from EOM to chunked for bytes that arrived with the hello', () => {
    const reader = new FrameReader();
    reader.push(Buffer.concat([encodeEom('<hello/>\n'), encodeChunked('<rpc-reply/>').subarray(0, 5)]));
    expect(reader.read()?.toString()).toBe('<hello/>\n');
    reader.setMode('chunked');
    expect(reader.read()).toBeUndefined();
    reader.push(encodeChunked('<rpc-reply/>').subarray(5));
    expect(reader.read()?.toString()).toBe('<rpc-reply/>');
  });

  it('finds a delimiter split across packets', () => {
    const reader = new FrameReader();
    expect(readAll(reader, [Buffer.from('<ok/>]]>]'), Buffer.from(']>'), Buffer.from('<b/>]]>]]>')])).toEqual([
      '<ok/>',
      '<b/>',
    ]);
  });

  it.each([
    ['\n#0\nx\n##\n', 'bad chunk-size "0"'],
    ['\n#012\n', 'bad chunk-size "012"'],
    ['\n#4294967296\n', 'bad chunk-size "4294967296"'],
    ['\n#12345678901', 'bad chunk-size "12345678901"'],
    ['\n#1a\n', 'bad chunk-size "1a"'],
    ['<rpc-reply/>', 'expected "\\n#" at byte 0'],
    ['\n##\n', 'end-of-chunks marker before any chunk'],
    ['\n#1\nx\n##x', 'not followed by'],
  ])('rejects malformed chunked input %j', (input, message) => {
    const reader = new FrameReader();
    reader.setMode('chunked');
    reader.push(Buffer.from(input, 'latin1'));
    expect(() => reader.read()).toThrow(message);
  });

  it('caps the size of one message', () => {
    const reader = new FrameReader(100);
    expect(() => reader.push(Buffer.alloc(200, 0x41))).toThrow('message larger than 100 bytes');
  });

  it('scanners are pure and report incomplete input', () => {
    expect(scanEom(Buffer.from('abc]]>]')).consumed).toBe(0);
    expect(scanEom(Buffer.from('abc]]>]')).resumeAt).toBe(2);
    expect(scanChunked(Buffer.from('\n#5\nab')).consumed).toBe(0);
  });
});
