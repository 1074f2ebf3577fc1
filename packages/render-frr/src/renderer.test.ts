import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Container } from 'inversify';
import { Renderer, type DesiredRouterConfig } from '@meshrr/core';
import { FrrRenderError } from './errors.js';
import { frrRendererModule } from './module.js';
import { FrrRenderer } from './renderer.js';
import { clientGroup, desiredRouter, meshGroup, routeServerGroup } from './testing-support/desired.js';

const EMPTY = { actual: { groups: [], gracefulShutdown: false }, change: { groups: [] } };

function render(desired: DesiredRouterConfig, renderer = new FrrRenderer()): string {
  return renderer.renderChange({ desired, ...EMPTY }).body;
}

function renderError(desired: DesiredRouterConfig, renderer = new FrrRenderer()): FrrRenderError {
  try {
    render(desired, renderer);
  } catch (error) {
    if (error instanceof FrrRenderError) return error;
    throw error;
  }
  throw new Error('expected FrrRenderError');
}

describe('FrrRenderer', () => {
  it('is deterministic: input order does not matter and the digest is the sha256 of the body', () => {
    const a = new FrrRenderer().renderChange({
      desired: desiredRouter('10.0.0.1', [meshGroup('B', ['10.0.0.3', '10.0.0.2']), clientGroup('A', ['10.1.0.0/16'])]),
      ...EMPTY,
    });
    const b = new FrrRenderer().renderChange({
      desired: desiredRouter('10.0.0.1', [clientGroup('A', ['10.1.0.0/16']), meshGroup('B', ['10.0.0.2', '10.0.0.3'])]),
      ...EMPTY,
    });
    expect(a.body).toBe(b.body);
    expect(a.digest).toBe(createHash('sha256').update(a.body).digest('hex'));
    expect(a).toMatchObject({ platform: 'frr', format: 'frr-conf' });
    expect(a.body.indexOf('neighbor A peer-group')).toBeLessThan(a.body.indexOf('neighbor B peer-group'));
  });

  it('canonicalises IPv6 neighbors and drops duplicates', () => {
    const body = render(desiredRouter('10.0.0.1', [meshGroup('M', ['FD00:0:0::0002', 'fd00::2', '10.0.0.2'])]));
    expect(body.match(/^ neighbor .* peer-group M$/gm)).toEqual([
      ' neighbor 10.0.0.2 peer-group M',
      ' neighbor fd00::2 peer-group M',
    ]);
  });

  it('never sets a cluster-id: each RR is its own cluster (router-id), as meshrr cluster <POD_IP>', () => {
    const body = render(desiredRouter('10.0.0.1', [meshGroup('M', ['10.0.0.2']), clientGroup('C', ['10.1.0.0/16'])]));
    expect(body).not.toContain('cluster-id');
    expect(body).toContain('  neighbor C route-reflector-client\n');
    expect(body).not.toContain('neighbor M route-reflector-client');
  });

  it('renders graceful shutdown only when desired', () => {
    expect(render(desiredRouter('10.0.0.1', [], { gracefulShutdown: true }))).toContain('\n bgp graceful-shutdown\n');
    expect(render(desiredRouter('10.0.0.1', []))).not.toContain('graceful-shutdown');
  });

  it('refuses an injection through a neighbor, a prefix or a group name', () => {
    expect(
      renderError(desiredRouter('10.0.0.1', [meshGroup('M', ['10.0.0.2\nneighbor 1.2.3.4 remote-as 1'])])).field,
    ).toBe('groups[0].neighbors[0]');
    expect(renderError(desiredRouter('10.0.0.1', [clientGroup('C', ['10.0.0.0/8 peer-group X'])])).field).toBe(
      'groups[0].allow[0]',
    );
    expect(renderError(desiredRouter('10.0.0.1', [meshGroup('M X', [])])).field).toBe('groups[0].name');
    expect(renderError(desiredRouter('10.0.0.1', [meshGroup('10.0.0.9', [])])).message).toContain('is an IP address');
    expect(renderError(desiredRouter('10.0.0.1', [clientGroup('C', ['10.0.0.1/8'])])).message).toContain(
      'host bits are set',
    );
  });

  it('refuses an IPv6 router-id, a bad AS and overlapping listen ranges', () => {
    expect(renderError(desiredRouter('fd00::1', [])).field).toBe('routerId');
    expect(renderError(desiredRouter('10.0.0.1', [], { asn: 0 })).field).toBe('asn');
    const overlap = renderError(
      desiredRouter('10.0.0.1', [clientGroup('A', ['10.0.0.0/16']), clientGroup('B', ['10.0.1.0/24'])]),
    );
    expect(overlap.message).toContain('10.0.0.0/16 (A) and 10.0.1.0/24 (B) overlap');
  });

  it('refuses AS ranges on internal groups and impossible ranges', () => {
    const internalWithRanges = { ...clientGroup('C', []), peerAsRanges: [{ start: 1, end: 2 }] };
    expect(renderError(desiredRouter('10.0.0.1', [internalWithRanges])).field).toBe('groups[0].peerAsRanges');
    expect(renderError(desiredRouter('10.0.0.1', [routeServerGroup('RS', [], [{ start: 10, end: 5 }])])).field).toBe(
      'groups[0].peerAsRanges[0]',
    );
  });

  it('gives a route-server group without AS ranges no AS filter', () => {
    const body = render(desiredRouter('10.0.0.1', [routeServerGroup('RS', ['10.1.0.0/16'], [])]));
    expect(body).not.toContain('as-path');
    expect(body).toContain(
      ' neighbor RS remote-as external\n neighbor RS description meshrr\n neighbor RS ebgp-multihop 10\n neighbor RS enforce-first-as\n',
    );
    expect(body).toContain('  neighbor RS attribute-unchanged next-hop\n');
  });

  it('renders operator templates with the validated data and refuses lines meshrr owns', () => {
    const renderer = new FrrRenderer({
      templates: {
        global: 'ip prefix-list P seq 5 permit <%= it.routerId %>/32',
        bgp: '   bgp bestpath as-path multipath-relax  \n\n',
      },
    });
    const body = render(desiredRouter('10.0.0.1', []), renderer);
    expect(body).toContain('!\nip prefix-list P seq 5 permit 10.0.0.1/32\n!\nrouter bgp 65000\n');
    expect(body).toContain('\n bgp bestpath as-path multipath-relax\n !\n address-family ipv4 unicast\n');
    const owned = new FrrRenderer({ templates: { global: 'router bgp 1' } });
    expect(renderError(desiredRouter('10.0.0.1', []), owned).field).toBe('options.templates.global');
    const broken = new FrrRenderer({ templates: { bgp: '<%= it.nothing.here %>' } });
    expect(renderError(desiredRouter('10.0.0.1', []), broken).message).toContain('template failed');
    const wrongFamily = new FrrRenderer({ templates: { addressFamily: { 'ipv6-unicast': 'neighbor X activate' } } });
    expect(renderError(desiredRouter('10.0.0.1', []), wrongFamily).field).toBe(
      'options.templates.addressFamily.ipv6-unicast',
    );
  });

  it('uses l2vpn evpn in evpnrs mode unless families are configured', () => {
    expect(render(desiredRouter('10.0.0.1', [], { mode: 'evpnrs' }))).toContain(' address-family l2vpn evpn\n');
    const both = render(
      desiredRouter('10.0.0.1', [meshGroup('M', [], { families: ['ipv6-unicast', 'ipv4-unicast'] })]),
    );
    expect(both.indexOf('address-family ipv4 unicast')).toBeLessThan(both.indexOf('address-family ipv6 unicast'));
  });

  it('refuses impossible options at construction', () => {
    expect(() => new FrrRenderer({ connectRetryS: 0 })).toThrow(/options.connectRetryS/);
    expect(() => new FrrRenderer({ listenLimit: 0 })).toThrow(/options.listenLimit/);
    expect(() => new FrrRenderer({ frrVersion: '8.4\nhostname x' })).toThrow(/options.frrVersion/);
  });

  it('frrRendererModule binds core Renderer to an FrrRenderer', () => {
    const container = new Container();
    container.load(frrRendererModule({ connectRetryS: 1 }));
    const renderer = container.get(Renderer);
    expect(renderer).toBeInstanceOf(FrrRenderer);
    expect(
      renderer.renderChange({ desired: desiredRouter('10.0.0.1', [meshGroup('M', [])]), ...EMPTY }).body,
    ).toContain(' neighbor M timers connect 1\n');
  });
});
