import { DiscoveryError } from '@meshrr/core';
import { describe, expect, it } from 'vitest';
import { parseHttpSd } from './parseHttpSd.js';

function errorOf(document: unknown): DiscoveryError {
  try {
    parseHttpSd(document);
  } catch (error) {
    if (error instanceof DiscoveryError) return error;
    throw error;
  }
  throw new Error('expected a DiscoveryError');
}

describe('parseHttpSd', () => {
  it('turns target groups into peers with canonical addresses, ports and the group labels', () => {
    const peers = parseHttpSd([
      { targets: ['10.0.0.1', '10.0.0.2:1179'], labels: { zone: 'a' } },
      { targets: ['[FD00:0::1]:179', 'fd00::2'] },
    ]);
    expect(peers).toEqual([
      { address: '10.0.0.1', labels: { zone: 'a' } },
      { address: '10.0.0.2', port: 1179, labels: { zone: 'a' } },
      { address: 'fd00::1', port: 179, labels: {} },
      { address: 'fd00::2', labels: {} },
    ]);
  });

  it('an empty document and empty groups are an empty set', () => {
    expect(parseHttpSd([])).toEqual([]);
    expect(parseHttpSd([{ targets: [] }])).toEqual([]);
  });

  it.each([
    [{ targets: [] }, 'document: must be a JSON array of target groups (Prometheus HTTP SD format)'],
    [[{ targets: ['10.0.0.1'] }, 'x'], '[1]: must be an object with "targets" and optional "labels"'],
    [[{ targets: ['10.0.0.1'], label: {} }], '[0]: unknown key "label" (allowed: targets, labels)'],
    [[{ targets: '10.0.0.1' }], '[0].targets: must be an array of "address" or "address:port" strings'],
    [
      [{ targets: ['10.0.0.1', 'rr1.example.net'] }],
      '[0].targets[1]: "rr1.example.net": "rr1.example.net" is not an IP address literal',
    ],
    [
      [{ targets: ['10.0.0.1:99999'] }],
      '[0].targets[0]: "10.0.0.1:99999" is not "address", "address:port" or "[IPv6]:port"',
    ],
    [
      [{ targets: ['127.0.0.1'] }],
      '[0].targets[0]: "127.0.0.1": 127.0.0.1 is a loopback address, which cannot be a BGP peer',
    ],
    [[{ targets: [7] }], '[0].targets[0]: 7 is not "address", "address:port" or "[IPv6]:port"'],
    [[{ targets: ['10.0.0.1'], labels: { zone: 1 } }], '[0].labels.zone: must be a string (found 1)'],
  ])('refuses the whole document: %j', (document, message) => {
    const error = errorOf(document);
    expect(error.kind).toBe('invalid-document');
    expect(error.message).toBe(message);
  });
});
