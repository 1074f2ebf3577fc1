import { describe, expect, it } from 'vitest';
import { diffManagedState, toManagedState, type DesiredRouterConfig, type ManagedState } from '@meshrr/core';
import { FrrRenderError } from '../errors.js';
import { FrrRenderer } from '../renderer.js';
import { clientGroup, desiredRouter, meshGroup, routeServerGroup } from '../testing-support/desired.js';

/** Renders the step from `from` to `to` as the engine would (change = diff of the managed states). */
function step(from: DesiredRouterConfig, to: DesiredRouterConfig, renderer = new FrrRenderer()) {
  const actual: ManagedState = toManagedState(from);
  return renderer.renderChange({ desired: to, actual, change: diffManagedState(actual, toManagedState(to)) });
}

const before = desiredRouter('10.0.0.1', [
  meshGroup('MESHRR-MESH', ['10.0.0.2', '10.0.0.3']),
  clientGroup('MESHRR-CLIENTS', ['10.1.0.0/16', '10.2.0.0/16']),
]);

/** `before` with the mesh group's neighbors (and options) replaced. */
const withMesh = (neighbors: string[], options?: Parameters<typeof meshGroup>[2]) =>
  desiredRouter('10.0.0.1', [meshGroup('MESHRR-MESH', neighbors, options), before.groups[1]!]);

describe('incremental FRR changes', () => {
  it('neighbors and listen ranges of existing groups: removals first, then additions, inside router bgp', () => {
    const after = desiredRouter('10.0.0.1', [
      meshGroup('MESHRR-MESH', ['10.0.0.3', '10.0.0.4']),
      clientGroup('MESHRR-CLIENTS', ['10.1.0.0/17', '10.2.0.0/16']),
    ]);
    expect(step(before, after).incremental).toEqual({
      format: 'frr-vtysh',
      lines: [
        'router bgp 65000',
        ' no bgp listen range 10.1.0.0/16 peer-group MESHRR-CLIENTS',
        ' no neighbor 10.0.0.2',
        ' bgp listen range 10.1.0.0/17 peer-group MESHRR-CLIENTS',
        ' neighbor 10.0.0.4 peer-group MESHRR-MESH',
        ' no neighbor 10.0.0.4 timers connect',
        'exit',
      ],
    });
  });

  it('starts every added neighbor at once, after all the peer-group bindings (no start-timer wait)', () => {
    const after = withMesh(['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5']);
    expect(step(before, after).incremental?.lines).toEqual([
      'router bgp 65000',
      ' neighbor 10.0.0.4 peer-group MESHRR-MESH',
      ' neighbor 10.0.0.5 peer-group MESHRR-MESH',
      ' no neighbor 10.0.0.4 timers connect',
      ' no neighbor 10.0.0.5 timers connect',
      'exit',
    ]);
  });

  it('graceful shutdown on and off', () => {
    const on = desiredRouter('10.0.0.1', before.groups, { gracefulShutdown: true });
    expect(step(before, on).incremental?.lines).toEqual(['router bgp 65000', ' bgp graceful-shutdown', 'exit']);
    expect(step(on, before).incremental?.lines).toEqual(['router bgp 65000', ' no bgp graceful-shutdown', 'exit']);
  });

  it('IPv6 neighbors and prefixes are written canonically', () => {
    const after = desiredRouter('10.0.0.1', [
      meshGroup('MESHRR-MESH', ['10.0.0.2', '10.0.0.3', 'fd00:0::2']),
      clientGroup('MESHRR-CLIENTS', ['10.1.0.0/16', '10.2.0.0/16']),
    ]);
    expect(step(before, after).incremental?.lines).toEqual([
      'router bgp 65000',
      ' neighbor fd00::2 peer-group MESHRR-MESH',
      ' no neighbor fd00::2 timers connect',
      'exit',
    ]);
  });

  it('no incremental form for a created or removed group, AS ranges, or an empty change', () => {
    const withGroup = desiredRouter('10.0.0.1', [...before.groups, meshGroup('MESHRR-UPSTREAM', ['10.9.0.1'])]);
    expect(step(before, withGroup).incremental).toBeUndefined();
    expect(step(withGroup, before).incremental).toBeUndefined();
    const rs = (ranges: { start: number; end: number }[]) =>
      desiredRouter('10.0.0.1', [routeServerGroup('RS', ['10.5.0.0/16'], ranges)]);
    expect(step(rs([{ start: 65001, end: 65010 }]), rs([{ start: 65001, end: 65020 }])).incremental).toBeUndefined();
    expect(step(before, before).incremental).toBeUndefined();
  });

  it('no incremental form when a statement of a group changes or an added member has families of its own', () => {
    const families = ['ipv4-unicast', 'ipv6-unicast'] as const;
    const dual = desiredRouter('10.0.0.1', [
      meshGroup('MESHRR-MESH', ['10.0.0.2', '10.0.0.3'], { families }),
      before.groups[1]!,
    ]);
    expect(step(before, dual).incremental).toBeUndefined();
    const own = desiredRouter('10.0.0.1', [
      meshGroup('MESHRR-MESH', ['10.0.0.2', '10.0.0.3', 'fd00::9'], {
        families,
        familyTransport: 'matching',
        neighborFamilies: { 'fd00::9': ['ipv6-unicast'] },
      }),
      before.groups[1]!,
    ]);
    expect(step(dual, own).incremental).toBeUndefined();
    const plain = withMesh(['10.0.0.2', '10.0.0.3', '10.0.0.9'], { families });
    expect(step(dual, plain).incremental?.lines).toEqual([
      'router bgp 65000',
      ' neighbor 10.0.0.9 peer-group MESHRR-MESH',
      ' no neighbor 10.0.0.9 timers connect',
      'exit',
    ]);
  });

  it('refuses a removal that is not an address (nothing read back can inject a command)', () => {
    const renderer = new FrrRenderer();
    const desired = desiredRouter('10.0.0.1', [meshGroup('MESHRR-MESH', [])]);
    const read = toManagedState(desired);
    const actual: ManagedState = {
      ...read,
      groups: read.groups.map((g) => ({ ...g, neighbors: ['10.0.0.2\n no router bgp 65000'] })),
    };
    expect(() =>
      renderer.renderChange({ desired, actual, change: diffManagedState(actual, toManagedState(desired)) }),
    ).toThrow(FrrRenderError);
  });
});
