import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConsulEndpoint } from './consulEndpoint.js';
import { consulOptionsSchema } from './options.js';

const dir = mkdtempSync(join(tmpdir(), 'meshrr-consul-cfg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('consulOptionsSchema', () => {
  it('fills the documented defaults and normalises tags', () => {
    expect(consulOptionsSchema.parse({ service: 'bgp-rr', tag: 'core' })).toEqual({
      service: 'bgp-rr',
      tag: ['core'],
      passing_only: true,
      zone_meta_key: 'zone',
      allow_stale: false,
      wait_seconds: 300,
      rate_limit_burst: 2,
      rate_limit_interval_seconds: 15,
    });
    expect(consulOptionsSchema.parse({ service: 'x', tag: ['a', 'b', 'a'] }).tag).toEqual(['a', 'b']);
  });

  it.each([
    [{}, 'service'],
    [{ service: 'x', address: 'http://user:pw@consul:8500' }, 'address'],
    [{ service: 'x', address: 'http://consul:8500/v1' }, 'address'],
    [{ service: 'x', token: 'abc' }, ''],
    [{ service: 'x', wait_seconds: 601 }, 'wait_seconds'],
    [{ service: 'x', tls: { cert_file: 'c.pem' } }, 'tls'],
    [{ service: 'x', tls: { insecure: true } }, 'tls'],
  ])('refuses %j at %s', (options, path) => {
    const result = consulOptionsSchema.safeParse(options);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues[0]?.path.join('.')).toBe(path);
  });
});

describe('resolveConsulEndpoint', () => {
  const opts = (o: Record<string, unknown>) => consulOptionsSchema.parse({ service: 'x', ...o });
  it('takes options first, then the consul CLI environment, then defaults', () => {
    writeFileSync(join(dir, 'tok'), ' file-token \n');
    expect(resolveConsulEndpoint(opts({}), {}, dir).baseUrl.href).toBe('http://127.0.0.1:8500/');
    expect(
      resolveConsulEndpoint(opts({}), { CONSUL_HTTP_ADDR: 'consul.local:8501', CONSUL_HTTP_SSL: 'true' }, dir).baseUrl
        .href,
    ).toBe('https://consul.local:8501/');
    expect(
      resolveConsulEndpoint(opts({ address: 'http://10.0.0.9:8500' }), { CONSUL_HTTP_ADDR: 'https://other:8501' }, dir)
        .baseUrl.href,
    ).toBe('http://10.0.0.9:8500/');
    expect(resolveConsulEndpoint(opts({}), { CONSUL_HTTP_TOKEN: 'env-token' }, dir).token()).toBe('env-token');
    expect(resolveConsulEndpoint(opts({ token_file: 'tok' }), { CONSUL_HTTP_TOKEN: 'env-token' }, dir).token()).toBe(
      'file-token',
    );
    expect(resolveConsulEndpoint(opts({}), { CONSUL_HTTP_TOKEN_FILE: join(dir, 'tok') }, dir).token()).toBe(
      'file-token',
    );
    expect(() => resolveConsulEndpoint(opts({ token_file: 'missing' }), {}, dir).token()).toThrow(
      /token_file .*missing cannot be read/,
    );
    expect(() => resolveConsulEndpoint(opts({ tls: { ca_file: 'nope.pem' } }), {}, dir)).toThrow(
      /tls ca_file .*nope.pem cannot be read/,
    );
    expect(() => resolveConsulEndpoint(opts({}), { CONSUL_HTTP_ADDR: 'http://[::1' }, dir)).toThrow(/CONSUL_HTTP_ADDR/);
  });

  it.each(['/dev/zero', '/dev/urandom'])(
    'a token or TLS file at %s fails at once naming it (issue 11 item 8)',
    (device) => {
      expect(() => resolveConsulEndpoint(opts({ token_file: device }), {}, dir).token()).toThrow(
        `token_file ${device} cannot be read: Consul token file ${device} is a character device, not a regular file`,
      );
      expect(() => resolveConsulEndpoint(opts({ tls: { ca_file: device } }), {}, dir)).toThrow(
        `tls ca_file ${device} cannot be read: Consul TLS file ${device} is a character device, not a regular file`,
      );
      writeFileSync(join(dir, 'client.pem'), 'x');
      expect(() =>
        resolveConsulEndpoint(opts({ tls: { cert_file: 'client.pem', key_file: device } }), {}, dir),
      ).toThrow(
        `tls key_file ${device} cannot be read: Consul TLS file ${device} is a character device, not a regular file`,
      );
    },
  );
});
