import { describe, expect, it } from 'vitest';
import { MeshrrError } from '../api/errors.js';
import { ConfigError, formatConfigIssue } from './index.js';

describe('formatConfigIssue', () => {
  it.each([
    [
      {
        file: 'meshrr.conf.yml',
        line: 12,
        column: 5,
        path: 'bgpgroups[1].max_peers',
        message: 'must be an integer ≥ 1',
        found: '0',
      },
      'meshrr.conf.yml:12:5: bgpgroups[1].max_peers: must be an integer ≥ 1 (found 0)',
    ],
    [
      {
        file: 'f',
        line: 3,
        column: 1,
        path: 'bgpgroups[0].type',
        message: 'unknown group type',
        found: '"ring"',
        allowed: 'mesh, subtractive',
      },
      'f:3:1: bgpgroups[0].type: unknown group type (found "ring"; allowed: mesh, subtractive)',
    ],
    [{ file: '<environment>', path: 'POD_IP', message: 'is required' }, '<environment>: POD_IP: is required'],
    [
      { file: '/x.yml', path: '', message: 'cannot read the configuration file: EACCES' },
      '/x.yml: cannot read the configuration file: EACCES',
    ],
    [
      { file: 'f', line: 2, path: 'asn', message: 'is required', allowed: '1-4294967295' },
      'f:2: asn: is required (allowed: 1-4294967295)',
    ],
  ])('%j', (issue, text) => {
    expect(formatConfigIssue(issue)).toBe(text);
  });
});

describe('ConfigError', () => {
  it('is a MeshrrError with code config-invalid, every issue, and one formatted line per issue', () => {
    const issues = [
      { file: 'f', line: 1, column: 6, path: 'asn', message: 'must be an AS number', found: '0' },
      { file: '<environment>', path: 'UPDATE_SECONDS', message: 'must be a whole number', found: '"x"' },
    ];
    const error = new ConfigError(issues);
    expect(error).toBeInstanceOf(MeshrrError);
    expect(error.name).toBe('ConfigError');
    expect(error.code).toBe('config-invalid');
    expect(error.issues).toBe(issues);
    expect(error.message).toBe(
      'f:1:6: asn: must be an AS number (found 0)\n<environment>: UPDATE_SECONDS: must be a whole number (found "x")',
    );
  });
});
