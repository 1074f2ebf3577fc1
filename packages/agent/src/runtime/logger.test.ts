import { DiscoveryError, MeshrrError } from '@meshrr/core';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
}

describe('createLogger', () => {
  it('writes one JSON line per call with fields and message', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ destination });
    logger
      .child({ group: 'MESHRR-MESH' })
      .info({ peer: '10.0.0.2', action: 'add', reason: 'discovered' }, 'peer added');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'info',
      msg: 'peer added',
      group: 'MESHRR-MESH',
      peer: '10.0.0.2',
      action: 'add',
      reason: 'discovered',
      service: 'meshrr',
    });
  });

  it('never writes secrets: redacted by field name at any depth and by value anywhere', () => {
    const { lines, destination } = capture();
    const licence = 'JUNOS-LICENCE-ABCDEF-123456';
    const hash = '$6$salt$hashhashhash';
    const logger = createLogger({ destination, secretValues: [licence, hash] });
    logger.info({ licenseKey: licence, config: { encryptedRootPw: hash }, env: { LICENSE_KEY: licence } }, 'starting');
    logger.error({ error: `could not parse ${licence}` }, `failed with ${hash}`);
    logger.warn({ deep: { a: { privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----xyz' } } });
    const all = lines.join('\n');
    expect(all).not.toContain(licence);
    expect(all).not.toContain(hash);
    expect(all).not.toContain('BEGIN OPENSSH PRIVATE KEY');
    expect(all.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(6);
  });

  it('honours the level', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ destination, level: 'warn' });
    logger.info('hidden');
    logger.debug('hidden');
    logger.warn('shown');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['shown']);
  });

  it('logs errors as objects: type, message, code/kind and the cause chain, secrets still scrubbed', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ destination, secretValues: ['SECRET-TOKEN-42'] });
    const cause = new DiscoveryError('servfail', 'SERVFAIL from 10.96.0.10 (token SECRET-TOKEN-42)');
    logger.warn({ err: new MeshrrError('reconcile', 'reconcile failed', { cause }) }, 'reconcile failed');
    const line = JSON.parse(lines[0]!) as { err: Record<string, unknown> };
    expect(line.err).toMatchObject({ type: 'MeshrrError', code: 'reconcile' });
    expect(line.err['message']).toBe('reconcile failed');
    expect(line.err['cause']).toMatchObject({
      type: 'DiscoveryError',
      kind: 'servfail',
      message: expect.stringContaining('SERVFAIL from 10.96.0.10') as unknown,
    });
    expect(line.err['stack']).toEqual(expect.stringContaining('MeshrrError'));
    expect(lines[0]).not.toContain('SECRET-TOKEN-42');
  });
});
