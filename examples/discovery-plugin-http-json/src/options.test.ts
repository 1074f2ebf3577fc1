import { formatConfigIssue, loadConfig, type OptionsSchema } from '@meshrr/core';
import { describe, expect, it } from 'vitest';
import { httpJsonOptionsSchema } from './options.js';

const config = (source: string): string => `asn: "65000"
bgpgroups:
- name: UPSTREAM
  type: mesh
  source:
    sourcetype: http-json
${source}
`;
const schemas = new Map<string, OptionsSchema<unknown>>([['http-json', httpJsonOptionsSchema]]);

describe('httpJsonOptionsSchema', () => {
  it('fills the documented defaults', () => {
    expect(httpJsonOptionsSchema.parse({ url: 'https://inventory.example.net/bgp/rr' })).toEqual({
      url: 'https://inventory.example.net/bgp/rr',
      timeout_seconds: 10,
      max_response_bytes: 1_048_576,
    });
  });

  it('is what loadConfig validates a group with: keys are checked with file positions', () => {
    const ok = loadConfig(
      config('    url: http://10.0.0.5:8080/sd\n    refresh_seconds: 15'),
      { POD_IP: '10.0.0.1' },
      { sourceSchemas: schemas },
    );
    expect(ok.ok && ok.config.groups[0]).toMatchObject({
      source: { sourcetype: 'http-json', options: { url: 'http://10.0.0.5:8080/sd', refresh_seconds: 15 } },
    });
    const bad = loadConfig(
      config('    url: ftp://10.0.0.5/sd\n    refresh: 15'),
      { POD_IP: '10.0.0.1' },
      { sourceSchemas: schemas },
    );
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.errors.map(formatConfigIssue)).toEqual([
      '<inline>:6:5: bgpgroups[0].source: Unrecognized key: "refresh" (found a mapping; allowed: the keys bearer_token_file, max_response_bytes, refresh_seconds, timeout_seconds, url)',
      '<inline>:7:10: bgpgroups[0].source.url: must be an http:// or https:// URL without user:password (use bearer_token_file for credentials) (found "ftp://10.0.0.5/sd")',
    ]);
  });

  it.each([
    [{}, 'url'],
    [{ url: 'file:///etc/passwd' }, 'url'],
    [{ url: 'https://user:secret@example.net/sd' }, 'url'],
    [{ url: 'https://example.net/sd', refresh_seconds: 0.5 }, 'refresh_seconds'],
    [{ url: 'https://example.net/sd', timeout_seconds: 0 }, 'timeout_seconds'],
    [{ url: 'https://example.net/sd', max_response_bytes: 100 }, 'max_response_bytes'],
    [{ url: 'https://example.net/sd', headers: { a: 'b' } }, ''],
  ])('refuses %j (at %s)', (options, path) => {
    const result = httpJsonOptionsSchema.safeParse(options);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues[0]?.path.join('.')).toBe(path);
  });
});
