import { describe, expect, it } from 'vitest';
import type { DesiredGroup } from '../api/state.js';
import { canonicalAsRanges, canonicalGroup, canonicalNeighbors, canonicalPrefixes } from './canonicalValues.js';

/** The statements every desired group carries (families and ownership). */
const PLAIN_GROUP = { families: ['ipv4-unicast'], familyTransport: 'all', owned: ['type'] } as const;

const group = (over: Partial<DesiredGroup> = {}): DesiredGroup => ({
  name: 'CLIENTS',
  kind: 'subtractive',
  peerType: 'internal',
  neighbors: [],
  allow: [],
  ...PLAIN_GROUP,
  peerAsRanges: [],
  ...over,
});

describe('canonical value lists', () => {
  it('neighbors: canonical text, deduplicated, IPv4 before IPv6; the first non-literal refused', () => {
    expect(canonicalNeighbors(['2001:db8::0:1', '10.0.0.10', '10.0.0.9', '10.0.0.10'])).toEqual({
      ok: true,
      value: ['10.0.0.9', '10.0.0.10', '2001:db8::1'],
    });
    expect(canonicalNeighbors(['10.0.0.1', '10.0.0.1; evil', 'x'])).toEqual({
      ok: false,
      index: 1,
      message: '"10.0.0.1; evil" is not an IP address literal',
    });
  });

  it('prefixes: canonical CIDR, deduplicated, sorted; AS ranges sorted and bounded', () => {
    expect(canonicalPrefixes(['10.1.0.0/16', '10.0.0.0/24', '10.1.0.0/16'])).toEqual({
      ok: true,
      value: ['10.0.0.0/24', '10.1.0.0/16'],
    });
    expect(canonicalPrefixes(['10.0.0.0/24', '10.0.0.1/24']).ok).toBe(false);
    expect(
      canonicalAsRanges([
        { start: 65010, end: 65020 },
        { start: 64512, end: 64512 },
        { start: 65010, end: 65020 },
      ]),
    ).toEqual({
      ok: true,
      value: [
        { start: 64512, end: 64512 },
        { start: 65010, end: 65020 },
      ],
    });
    expect(canonicalAsRanges([{ start: 5, end: 4 }])).toMatchObject({ ok: false, index: 0 });
    expect(canonicalAsRanges([{ start: 1, end: 4_294_967_296 }])).toMatchObject({ ok: false, index: 0 });
  });

  it('a group: canonical lists, or the first refused field relative to the group', () => {
    expect(canonicalGroup(group({ neighbors: ['10.0.0.3', '10.0.0.2'], allow: ['10.0.0.0/24'] }))).toEqual({
      ok: true,
      value: {
        name: 'CLIENTS',
        kind: 'subtractive',
        peerType: 'internal',
        neighbors: ['10.0.0.2', '10.0.0.3'],
        allow: ['10.0.0.0/24'],
        asRanges: [],
      },
    });
    expect(canonicalGroup(group({ name: 'bad name' }))).toMatchObject({ ok: false, field: 'name' });
    expect(canonicalGroup(group({ kind: 'mesh', peerType: 'external' }))).toEqual({
      ok: false,
      field: 'peerType',
      message: 'only subtractive (route-server) groups can be external',
    });
    expect(canonicalGroup(group({ peerAsRanges: [{ start: 65001, end: 65001 }] }))).toMatchObject({
      ok: false,
      field: 'peerAsRanges',
    });
    expect(canonicalGroup(group({ allow: ['10.0.0.0/24', 'nonsense'] }))).toMatchObject({
      ok: false,
      field: 'allow[1]',
    });
    expect(canonicalGroup(group({ neighbors: ['::1', 'host'] }))).toMatchObject({ ok: false, field: 'neighbors[1]' });
  });
});
