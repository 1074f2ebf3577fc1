import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TopologyError } from '../errors.js';
import { daemonOf, loadTopology } from './loadTopology.js';

const dir = mkdtempSync(join(tmpdir(), 'mlab-topo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const meshrr =
  'meshrr: { asn: "65000", bgpgroups: [ { name: MESH, type: mesh, source: { sourcetype: dns, hostname: meshrr-rr } } ] }';

function issuesOf(file: string): readonly string[] {
  try {
    loadTopology(file);
  } catch (error) {
    expect(error).toBeInstanceOf(TopologyError);
    return (error as TopologyError).issues;
  }
  throw new Error('expected a TopologyError');
}

describe('loadTopology', () => {
  it('loads the shipped example topologies with their meshrr configs and policies', () => {
    const hrr = loadTopology(resolve(import.meta.dirname, '../../../../examples/lab/2regions-hrr/topology.yml'));
    expect(hrr.groups.map((g) => [g.name, g.index, g.count, g.service, g.asn])).toEqual([
      ['core', 1, 3, 'meshrr-core', 65000],
      ['lothlorien', 2, 2, 'meshrr-lothlorien', 65000],
      ['mirkwood', 3, 2, 'meshrr-mirkwood', 65000],
    ]);
    expect(hrr.groups[1]?.frrPolicy).toContain('route-map UPSTREAM-OUT permit 20');
    expect(hrr.groups[0]?.frrPolicy).toBe('');
    expect(hrr.clients.map((c) => c.name)).toEqual(['loth-c1', 'mirk-c1']);
    const scale = loadTopology(
      resolve(import.meta.dirname, '../../../../examples/lab/2regions-hrr/scale.topology.yml'),
    );
    expect(scale.groups.map((g) => [g.name, g.count])).toEqual([
      ['core', 3],
      ['lothlorien', 4],
      ['mirkwood', 4],
    ]);
    for (const name of ['3clientgroups', 'route-servers']) {
      expect(
        loadTopology(resolve(import.meta.dirname, `../../../../examples/lab/${name}/topology.yml`)).groups.length,
      ).toBeGreaterThan(0);
    }
  });

  it('applies defaults (namespace, network, client prefixes)', () => {
    const file = write(
      'min.yml',
      `name: min\ngroups:\n  - { name: rr, count: 1, service: meshrr-rr, ${meshrr} }\nclients:\n  - { name: c1, peerGroup: rr }\n`,
    );
    const topo = loadTopology(file);
    expect([topo.namespace, topo.network, topo.clients[0]?.prefixes]).toEqual(['default', '10.99.0.0/16', []]);
  });

  it('names the file and field of schema errors', () => {
    const file = write(
      'bad.yml',
      `name: Bad_Name\nnetwork: 10.99.0.0/24\ngroups:\n  - { name: rr, count: 0, service: meshrr-rr, ${meshrr}, extra: 1 }\n`,
    );
    const issues = issuesOf(file);
    expect(issues).toContain(`${file}: name: must be 1-31 characters of a-z, 0-9 and "-", starting with a letter`);
    expect(issues).toContain(
      `${file}: network: must be an IPv4 /16 (e.g. 10.99.0.0/16): group k uses its k-th /24, clients the 200th`,
    );
    expect(issues.some((i) => i.startsWith(`${file}: groups.0.count:`))).toBe(true);
    expect(issues.some((i) => i.startsWith(`${file}: groups.0:`) && i.includes('extra'))).toBe(true);
  });

  it('reports unknown peer groups, duplicate names and addresses outside the network together', () => {
    const file = write(
      'refs.yml',
      `name: refs\ngroups:\n  - { name: rr, count: 1, service: meshrr-rr, ${meshrr} }\nclients:\n  - { name: rr, peerGroup: nope, address: 10.1.0.1 }\n`,
    );
    expect(issuesOf(file)).toEqual([
      `${file}: clients.0.name: duplicate name rr (group and client names must be unique)`,
      `${file}: clients.0.peerGroup: unknown group nope; allowed: rr`,
      `${file}: clients.0.address: 10.1.0.1 is outside the lab network 10.99.0.0/16`,
    ]);
  });

  it('requires exactly one of meshrr and meshrrFile, and validates the meshrr config with core', () => {
    const neither = write('neither.yml', 'name: n\ngroups:\n  - { name: rr, count: 1, service: meshrr-rr }\n');
    expect(issuesOf(neither)).toEqual([
      `${neither}: groups.0.meshrr: give exactly one of meshrr (inline meshrr.conf.yml) and meshrrFile (path)`,
    ]);
    const badMeshrr = write(
      'badmeshrr.yml',
      'name: n\ngroups:\n  - { name: rr, count: 1, service: meshrr-rr, meshrr: { bgpgroups: [] } }\n',
    );
    const issues = issuesOf(badMeshrr);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.startsWith(`${badMeshrr}: groups.0: `))).toBe(true);
    expect(issues.join('\n')).toContain('asn');
  });

  it('names a missing referenced file', () => {
    const file = write(
      'missing.yml',
      'name: n\ngroups:\n  - { name: rr, count: 1, service: meshrr-rr, meshrrFile: nowhere.yml }\n',
    );
    const issues = issuesOf(file);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toBe(`${file}: groups.0.meshrrFile: file ${join(dir, 'nowhere.yml')} does not exist`);
  });

  it('reports YAML syntax errors and a missing topology file', () => {
    const file = write('syntax.yml', 'name: [unclosed\n');
    expect(issuesOf(file)[0]).toMatch(new RegExp(`^${file}: YAML syntax: `));
    expect(issuesOf(join(dir, 'absent.yml'))[0]).toMatch(/\(file\): file .*absent\.yml does not exist$/);
  });

  it('gives each router its daemon: the group default (frr), the group daemon, or a per-router exception', () => {
    const mixed = loadTopology(resolve(import.meta.dirname, '../../../../examples/lab/mixed-bird-frr/topology.yml'));
    const daemons = mixed.groups.flatMap((g) =>
      Array.from({ length: g.count }, (_, i) => `${g.name}-${i}=${daemonOf(g, `${g.name}-${i}`)}`),
    );
    expect(daemons).toEqual([
      'core-0=frr',
      'core-1=frr',
      'lothlorien-0=bird',
      'lothlorien-1=bird',
      'mirkwood-0=frr',
      'mirkwood-1=bird',
    ]);
    // a router added later (scale-out) gets the group's daemon
    expect(daemonOf(mixed.groups[2]!, 'mirkwood-2')).toBe('frr');
  });

  it('refuses a per-router daemon for a router the group does not have, and BIRD without the plugin that provides it', () => {
    const file = write(
      'daemons.yml',
      `name: d\ngroups:\n  - { name: rr, count: 2, service: meshrr-rr, daemon: bird, routerDaemons: { rr-2: frr }, ${meshrr} }\n  - { name: other, count: 1, service: meshrr-o, daemon: quagga, ${meshrr} }\n`,
    );
    expect(issuesOf(file)).toEqual([`${file}: groups.1.daemon: Invalid option: expected one of "frr"|"bird"`]);
    const second = write(
      'daemons2.yml',
      `name: d\ngroups:\n  - { name: rr, count: 2, service: meshrr-rr, daemon: bird, routerDaemons: { rr-2: frr }, ${meshrr} }\n`,
    );
    expect(issuesOf(second)).toEqual([
      `${second}: groups.0.routerDaemons.rr-2: not a router of group rr; allowed: rr-0, rr-1`,
      `${second}: groups.0.daemon: bird needs the plugin that provides platform bird in the group's meshrr configuration (plugins: [meshrr-platform-bird])`,
    ]);
  });

  it('loads the dual-stack and IPv6-only examples, and checks client transports, prefixes and the IPv6 network', () => {
    const dual = loadTopology(resolve(import.meta.dirname, '../../../../examples/lab/dual-stack/topology.yml'));
    expect([dual.ipFamilies, dual.network6]).toEqual([['ipv4', 'ipv6'], 'fd00:99::/64']);
    expect(dual.clients.map((c) => c.transport)).toEqual(['ipv4', 'ipv4', 'ipv6', 'ipv6']);
    const only6 = loadTopology(resolve(import.meta.dirname, '../../../../examples/lab/ipv6-only/topology.yml'));
    expect(only6.ipFamilies).toEqual(['ipv6']);
    const file = write(
      'v6-bad.yml',
      [
        'name: v6',
        'ipFamilies: [ipv6]',
        'network6: 2001:db8::/64',
        `groups: [ { name: rr, count: 1, service: meshrr-rr, ${meshrr} } ]`,
        'clients:',
        '  - { name: c1, peerGroup: rr, transport: ipv4 }',
        '  - { name: c2, peerGroup: rr, address: 10.99.200.9 }',
        '  - { name: c3, peerGroup: rr, prefixes: [ { prefix: 10.1.0.0/16 } ] }',
      ].join('\n'),
    );
    expect(issuesOf(file).join('\n')).toMatch(/network6: must be an IPv6 \/64 inside the unique-local fd00::\/8/);
    const fixed = write(
      'v6-bad2.yml',
      readFileSync(file, 'utf8').replace('network6: 2001:db8::/64', 'network6: fd00:5::/64'),
    );
    const issues = issuesOf(fixed).join('\n');
    expect(issues).toContain("clients.0.transport: ipv4 is not one of the lab's ipFamilies; allowed: ipv6");
    expect(issues).toContain('clients.1.address: only IPv4 clients take a fixed address (this one peers over ipv6)');
    expect(issues).toContain('clients.2.prefixes.0.prefix: 10.1.0.0/16 is not ipv6');
  });
});
