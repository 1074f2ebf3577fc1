import { describe, expect, it } from 'vitest';
import { Secret } from '../api/secret.js';
import type { ManagedState } from '../api/state.js';
import { groupChange, meshGroup, subtractiveGroup, testConfig } from '../testing/testConfig.js';
import { computeDesiredState } from './computeDesiredState.js';
import { describeRepairs, formatRepair } from './describeRepairs.js';
import { diffManagedState, isEmptyChange, toManagedState } from './diffManagedState.js';
import { EMPTY_PEER_MEMORY } from './peerMemory.js';

const identity = { routerId: '10.0.0.1', addresses: ['10.0.0.1', 'fd00::1'] };
const key = new Secret('s3cret-key', '/etc/meshrr/md5/key');

const config = testConfig({
  groups: [
    meshGroup('MESH', { bgp: { families: ['ipv4-unicast', 'ipv6-unicast'], familyTransport: 'matching' } }),
    meshGroup('TIER', { bgp: { routeReflectorClients: true } }),
    subtractiveGroup('CLIENTS', ['10.1.0.0/16'], {
      bgp: {
        authentication: { method: 'md5', keyFile: '/etc/meshrr/md5/key', key },
        timers: { holdTimeS: 9 },
        prefixLimit: { maximum: 100, warningOnly: false },
      },
    }),
    subtractiveGroup('RS', ['192.168.0.0/16'], {
      asRanges: [{ start: 65001, end: 65500 }],
      bgp: { transparent: true },
    }),
  ],
  gracefulRestart: { restartTimeS: 120, staleRoutesTimeS: 300 },
});

function desiredFor(actual: ManagedState) {
  return computeDesiredState({
    config,
    identity,
    discovered: new Map([
      [
        'MESH',
        [
          { address: '10.0.0.2', labels: {} },
          { address: 'fd00::2', labels: {} },
        ],
      ],
      ['TIER', [{ address: '10.9.0.1', labels: {} }]],
    ]),
    actual,
    sessions: [],
    memory: EMPTY_PEER_MEMORY,
    now: 0,
    gracefulShutdown: false,
  });
}

const EMPTY: ManagedState = { groups: [], gracefulShutdown: false };

describe('the statements of each group kind', () => {
  const { desired } = desiredFor(EMPTY);
  const byName = (name: string) => desired.groups.find((g) => g.name === name)!;

  it('a mesh group: internal, the configured families, per-neighbor families under matching', () => {
    expect(byName('MESH')).toMatchObject({
      peerType: 'internal',
      families: ['ipv4-unicast', 'ipv6-unicast'],
      neighborFamilies: { '10.0.0.2': ['ipv4-unicast'], 'fd00::2': ['ipv6-unicast'] },
      owned: ['type', 'families'],
    });
    expect(byName('MESH').clusterId).toBeUndefined();
  });

  it('a mesh group of clients: cluster = router-id, owned because configured', () => {
    expect(byName('TIER')).toMatchObject({
      clusterId: '10.0.0.1',
      owned: ['type', 'cluster'],
      families: ['ipv4-unicast'],
    });
  });

  it('a client group: cluster always, session options as configured, mode default family not owned', () => {
    expect(byName('CLIENTS')).toMatchObject({
      peerType: 'internal',
      clusterId: '10.0.0.1',
      families: ['ipv4-unicast'],
      authentication: { method: 'md5', key },
      timers: { holdTimeS: 9 },
      prefixLimit: { maximum: 100, warningOnly: false },
      owned: ['type', 'cluster', 'authentication', 'timers', 'prefix-limit'],
    });
  });

  it('a route-server group: external, multihop ttl 10 with next hop unchanged, transparent', () => {
    expect(byName('RS')).toMatchObject({
      peerType: 'external',
      multihop: { ttl: 10, nextHopUnchanged: true },
      transparent: true,
      owned: ['type', 'multihop', 'transparent'],
    });
    expect(byName('RS').clusterId).toBeUndefined();
  });

  it('router level: graceful restart owned, the dynamic peer limit', () => {
    expect(desired).toMatchObject({
      gracefulRestart: { restartTimeS: 120, staleRoutesTimeS: 300 },
      owned: ['graceful-restart'],
    });
  });

  it('applying the desired state gives an empty change', () => {
    const again = desiredFor(toManagedState(desired));
    expect(isEmptyChange(again.change)).toBe(true);
  });
});

describe('drift of owned statements', () => {
  const target = toManagedState(desiredFor(EMPTY).desired);
  const edit = (name: string, over: object): ManagedState => ({
    ...target,
    groups: target.groups.map((g) => (g.name === name ? { ...g, ...over } : g)),
  });

  it('compares owned statements, ignores unowned ones on a shared device', () => {
    const drifted = edit('CLIENTS', { clusterId: '10.0.0.9', bfd: { minimumIntervalMs: 50, multiplier: 3 } });
    const { desired, change } = desiredFor(drifted);
    expect(change.groups).toEqual([{ ...groupChange('CLIENTS'), statements: ['cluster'] }]);
    expect(describeRepairs(drifted, desired, change).map(formatRepair)).toEqual([
      'CLIENTS cluster: set 10.0.0.9 -> 10.0.0.1',
    ]);
  });

  it('on a device meshrr owns whole, every statement is compared', () => {
    const drifted = { ...edit('CLIENTS', { bfd: { minimumIntervalMs: 50, multiplier: 3 } }), wholeGroups: true };
    const { change } = desiredFor(drifted);
    expect(change.groups.find((g) => g.name === 'CLIENTS')?.statements).toEqual(['bfd']);
  });

  it('a device that reads back no statement kinds (first platform contract) never sees them as drift', () => {
    const { statementsRead: _read, ...reportsNone } = edit('CLIENTS', { clusterId: undefined, peerType: undefined });
    expect(isEmptyChange(desiredFor(reportsNone).change)).toBe(true);
    const onlyType = { ...reportsNone, statementsRead: ['type' as const] };
    expect(desiredFor(onlyType).change.groups).toEqual([{ ...groupChange('CLIENTS'), statements: ['type'] }]);
  });

  it('a template-written family on a group whose families are not configured is left alone', () => {
    const { change } = desiredFor(edit('TIER', { families: ['ipv4-unicast', 'ipv6-unicast'] }));
    expect(change.groups).toEqual([]);
  });

  it('a changed key is repaired without ever showing the key', () => {
    const drifted = edit('CLIENTS', { authentication: { method: 'md5', key: new Secret('old', 'device') } });
    const { desired, change } = desiredFor(drifted);
    const repairs = describeRepairs(drifted, desired, change);
    expect(repairs.map(formatRepair)).toEqual(['CLIENTS authentication: set md5 key [secret] -> md5 key [secret]']);
    expect(JSON.stringify({ repairs, change, desired })).not.toContain('s3cret');
  });

  it('a key the device cannot give back (Junos $8$) is never rewritten', () => {
    const { change } = desiredFor(edit('CLIENTS', { authentication: { method: 'md5' } }));
    expect(change.groups).toEqual([]);
  });

  it('keepalive defaults to a third of the hold time when compared', () => {
    const { change } = desiredFor(edit('CLIENTS', { timers: { holdTimeS: 9, keepaliveS: 3 } }));
    expect(change.groups).toEqual([]);
  });

  it('re-activates deactivated statements the configuration keeps, and per-neighbor families', () => {
    const drifted: ManagedState = {
      ...edit('MESH', {
        inactive: ['neighbor 10.0.0.2', 'families ipv6-unicast', 'bfd', 'group'],
        neighborFamilies: { '10.0.0.2': ['ipv4-unicast'] },
      }),
      inactive: ['graceful-restart', 'graceful-shutdown'],
    };
    const { desired, change } = desiredFor(drifted);
    expect(change.groups).toEqual([
      {
        ...groupChange('MESH'),
        neighborFamilies: ['fd00::2'],
        activate: ['neighbor 10.0.0.2', 'families ipv6-unicast', 'group'],
      },
    ]);
    expect(change.activate).toEqual(['graceful-restart']);
    expect(describeRepairs(drifted, desired, change).map(formatRepair)).toEqual([
      'MESH neighbor fd00::2 families: set (none) -> ipv6-unicast',
      'MESH neighbor 10.0.0.2: activate',
      'MESH families ipv6-unicast: activate',
      'MESH group: activate',
      'graceful-restart: activate',
    ]);
  });

  it('a group missing from the device is created (reported as a repair)', () => {
    const missing = { ...target, groups: target.groups.filter((g) => g.name !== 'RS') };
    const { desired, change } = desiredFor(missing);
    expect(change.groups.map((g) => [g.name, g.create])).toEqual([['RS', true]]);
    expect(describeRepairs(missing, desired, change).map(formatRepair)).toEqual([
      'RS group: set (none) -> subtractive external',
    ]);
  });

  it('graceful restart removed from the configuration with false is deleted; unset is left', () => {
    const withGr = { ...target, gracefulRestart: { restartTimeS: 60, staleRoutesTimeS: 300 } };
    expect(diffManagedState(withGr, target).statements).toEqual(['graceful-restart']);
    expect(diffManagedState(withGr, { ...target, owned: [] }).statements).toBeUndefined();
  });
});
