import { createHash } from 'node:crypto';
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import {
  Renderer,
  type DesiredGroup,
  type DesiredRouterConfig,
  type GroupChange,
  type ManagedGroup,
  type ManagedState,
  type RenderInput,
} from '@meshrr/core';
import { desiredGroup, groupChange } from '@meshrr/core/testing';
import { JunosValueError } from '../errors.js';
import { junosRendererModule } from '../module.js';
import { JunosRenderer } from '../renderer.js';

const G = 'groups MESHRR protocols bgp group';

function group(name: string, over: Partial<DesiredGroup> = {}): DesiredGroup {
  return desiredGroup(name, over);
}
function desired(groups: DesiredGroup[], gracefulShutdown = false): DesiredRouterConfig {
  return {
    routerId: '10.0.0.1',
    asn: { value: 65000, text: '65000' },
    mode: 'ipv4rr',
    groups,
    gracefulShutdown,
    decisions: [],
  };
}
function actual(groups: ManagedGroup[], gracefulShutdown = false): ManagedState {
  return { groups, gracefulShutdown };
}
const input = (groups: GroupChange[], extra: Partial<RenderInput> = {}): RenderInput => ({
  desired: desired([group('MESH')]),
  actual: actual([{ name: 'MESH', neighbors: ['10.0.0.2'], allow: [], peerAsRanges: [] }]),
  change: { groups },
  ...extra,
});
const set = new JunosRenderer();
const xml = new JunosRenderer({ format: 'junos-xml' });

describe('JunosRenderer (junos-set)', () => {
  it('adds one neighbor with exactly one set line', () => {
    const out = set.renderChange(input([groupChange('MESH', { addNeighbors: ['10.0.0.3'] })]));
    expect(out.body).toBe(`set ${G} MESH neighbor 10.0.0.3\n`);
    expect(out).toMatchObject({ platform: 'junos', format: 'junos-set' });
    expect(out.digest).toBe(createHash('sha256').update(out.body).digest('hex'));
  });

  it('removes one neighbor with exactly one delete line', () => {
    expect(set.renderChange(input([groupChange('MESH', { removeNeighbors: ['10.0.0.2'] })])).body).toBe(
      `delete ${G} MESH neighbor 10.0.0.2\n`,
    );
  });

  it('changes allow by single values, removals first, sorted', () => {
    const body = set.renderChange(
      input([
        groupChange('CLIENTS', {
          addAllow: ['10.128.0.0/9', '2001:db8::/32', '10.0.0.0/9'],
          removeAllow: ['10.0.0.0/8'],
        }),
      ]),
    ).body;
    expect(body).toBe(
      [
        `delete ${G} CLIENTS allow 10.0.0.0/8`,
        `set ${G} CLIENTS allow 10.0.0.0/9`,
        `set ${G} CLIENTS allow 10.128.0.0/9`,
        `set ${G} CLIENTS allow 2001:db8::/32`,
        '',
      ].join('\n'),
    );
  });

  it('sorts groups and addresses (IPv4 before IPv6, numeric) deterministically', () => {
    const body = set.renderChange(
      input([
        groupChange('Z', { addNeighbors: ['fd00::1', '10.0.0.10', '10.0.0.9'] }),
        groupChange('A', { removeNeighbors: ['10.0.0.2'] }),
      ]),
    ).body;
    expect(body.split('\n')).toEqual([
      `delete ${G} A neighbor 10.0.0.2`,
      `set ${G} Z neighbor 10.0.0.9`,
      `set ${G} Z neighbor 10.0.0.10`,
      `set ${G} Z neighbor fd00::1`,
      '',
    ]);
  });

  it('creates a route-server group with type, as-list members and peer-as-list', () => {
    const rs = group('RS', {
      kind: 'subtractive',
      peerType: 'external',
      allow: ['192.168.0.0/16'],
      peerAsRanges: [
        { start: 65001, end: 65535 },
        { start: 64512, end: 64512 },
      ],
    });
    const body = set.renderChange({
      desired: desired([rs]),
      actual: actual([]),
      change: {
        groups: [groupChange('RS', { create: true, addAllow: ['192.168.0.0/16'], peerAsRanges: rs.peerAsRanges })],
      },
    }).body;
    expect(body.split('\n')).toEqual([
      `set ${G} RS type external`,
      `set ${G} RS family inet unicast`,
      `set ${G} RS allow 192.168.0.0/16`,
      'set groups MESHRR policy-options as-list MESHRR:RS members 64512',
      'set groups MESHRR policy-options as-list MESHRR:RS members 65001-65535',
      `set ${G} RS peer-as-list MESHRR:RS`,
      '',
    ]);
  });

  it('changes route-server AS ranges member by member', () => {
    const before: ManagedGroup = {
      name: 'RS',
      neighbors: [],
      allow: [],
      peerAsRanges: [
        { start: 65001, end: 65500 },
        { start: 64512, end: 64512 },
      ],
    };
    const body = set.renderChange({
      desired: desired([]),
      actual: actual([before]),
      change: {
        groups: [
          groupChange('RS', {
            peerAsRanges: [
              { start: 64512, end: 64512 },
              { start: 65001, end: 65535 },
            ],
          }),
        ],
      },
    }).body;
    expect(body).toBe(
      'delete groups MESHRR policy-options as-list MESHRR:RS members 65001-65500\nset groups MESHRR policy-options as-list MESHRR:RS members 65001-65535\n',
    );
  });

  it('drops the as-list and peer-as-list when a group stops being a route server', () => {
    const before: ManagedGroup = { name: 'RS', neighbors: [], allow: [], peerAsRanges: [{ start: 65001, end: 65500 }] };
    const body = set.renderChange({
      desired: desired([]),
      actual: actual([before]),
      change: { groups: [groupChange('RS', { peerAsRanges: [] })] },
    }).body;
    expect(body).toBe(`delete ${G} RS peer-as-list\ndelete groups MESHRR policy-options as-list MESHRR:RS\n`);
  });

  it('removes a whole group (and its as-list when it had one)', () => {
    const before: ManagedGroup = {
      name: 'RS',
      neighbors: ['10.0.0.5'],
      allow: [],
      peerAsRanges: [{ start: 65001, end: 65500 }],
    };
    const body = set.renderChange({
      desired: desired([]),
      actual: actual([before]),
      change: { groups: [groupChange('RS', { remove: true })] },
    }).body;
    expect(body).toBe(`delete ${G} RS\ndelete groups MESHRR policy-options as-list MESHRR:RS\n`);
  });

  it('switches graceful shutdown (RFC 8326) under groups MESHRR only', () => {
    expect(set.renderChange(input([], { change: { groups: [], gracefulShutdown: true } })).body).toBe(
      'set groups MESHRR protocols bgp graceful-shutdown sender\n',
    );
    expect(set.renderChange(input([], { change: { groups: [], gracefulShutdown: false } })).body).toBe(
      'delete groups MESHRR protocols bgp graceful-shutdown\n',
    );
  });

  it('renders an empty change as an empty body', () => {
    expect(set.renderChange(input([])).body).toBe('');
  });

  it('never writes outside groups MESHRR', () => {
    const body = set.renderChange(
      input(
        [groupChange('MESH', { addNeighbors: ['10.0.0.3'], removeNeighbors: ['10.0.0.2'], addAllow: ['10.1.0.0/16'] })],
        { change: { groups: [], gracefulShutdown: true } },
      ),
    ).body;
    for (const line of body.trim().split('\n')) expect(line).toMatch(/^(set|delete) groups MESHRR /);
  });
});

describe('JunosRenderer rejects anything that could inject configuration (B22)', () => {
  const bad: [string, Partial<GroupChange>, string][] = [
    ['MESH; delete system', {}, 'group name'],
    ['MESH\nset system', {}, 'group name'],
    ['MESH', { addNeighbors: ['10.0.0.3 passive'] }, 'neighbor address'],
    ['MESH', { addNeighbors: ['host.example.com'] }, 'neighbor address'],
    ['MESH', { removeNeighbors: ['010.0.0.1'] }, 'neighbor address'],
    ['MESH', { addNeighbors: ['FD00::1'] }, 'canonical'],
    ['MESH', { addAllow: ['10.0.0.1/8'] }, 'host bits'],
    ['MESH', { addAllow: ['10.0.0.0/8; delete'] }, 'allow prefix'],
    ['MESH', { peerAsRanges: [{ start: 65500, end: 65001 }] }, 'AS range'],
    ['-MESH', {}, 'group name'],
    ['<x/>', {}, 'group name'],
  ];
  it.each(bad)('%s %j', (name, over, message) => {
    expect(() => set.renderChange(input([groupChange(name, over)]))).toThrow(JunosValueError);
    expect(() => xml.renderChange(input([groupChange(name, over)]))).toThrow(message);
  });
});

describe('JunosRenderer (junos-xml)', () => {
  it('renders the same change as XML with operation="delete"', () => {
    const out = xml.renderChange(
      input(
        [
          groupChange('MESH', {
            addNeighbors: ['10.0.0.3'],
            removeNeighbors: ['10.0.0.2'],
            removeAllow: ['10.0.0.0/8'],
          }),
        ],
        {
          change: {
            groups: [
              groupChange('MESH', {
                addNeighbors: ['10.0.0.3'],
                removeNeighbors: ['10.0.0.2'],
                removeAllow: ['10.0.0.0/8'],
              }),
            ],
            gracefulShutdown: true,
          },
        },
      ),
    );
    expect(out.format).toBe('junos-xml');
    expect(out.body).toBe(
      [
        '<configuration>',
        '  <groups>',
        '    <name>MESHRR</name>',
        '    <protocols>',
        '      <bgp>',
        '        <group>',
        '          <name>MESH</name>',
        '          <neighbor operation="delete">',
        '            <name>10.0.0.2</name>',
        '          </neighbor>',
        '          <neighbor>',
        '            <name>10.0.0.3</name>',
        '          </neighbor>',
        '          <allow operation="delete">10.0.0.0/8</allow>',
        '        </group>',
        '        <graceful-shutdown>',
        '          <sender/>',
        '        </graceful-shutdown>',
        '      </bgp>',
        '    </protocols>',
        '  </groups>',
        '</configuration>',
        '',
      ].join('\n'),
    );
    expect(out.digest).toBe(createHash('sha256').update(out.body).digest('hex'));
  });

  it('renders deletions of whole elements as empty elements', () => {
    const body = xml.renderChange(
      input([groupChange('MESH', { remove: true })], {
        change: { groups: [groupChange('MESH', { remove: true })], gracefulShutdown: false },
      }),
    ).body;
    expect(body).toContain('<group operation="delete">\n          <name>MESH</name>\n        </group>');
    expect(body).toContain('<graceful-shutdown operation="delete"/>');
  });

  it('renders an empty change as <configuration/>', () => {
    expect(xml.renderChange(input([])).body).toBe('<configuration/>\n');
  });
});

describe('junosRendererModule', () => {
  it('binds Renderer to the Junos renderer with the chosen format', () => {
    const container = new Container();
    container.load(junosRendererModule({ format: 'junos-xml' }));
    const renderer = container.get(Renderer);
    expect(renderer).toBeInstanceOf(JunosRenderer);
    expect(renderer.platform).toBe('junos');
    expect(renderer.renderChange(input([groupChange('MESH', { addNeighbors: ['10.0.0.3'] })])).format).toBe(
      'junos-xml',
    );
  });

  it('defaults to junos-set', () => {
    const container = new Container();
    container.load(junosRendererModule());
    expect(container.get(Renderer).renderChange(input([])).format).toBe('junos-set');
  });
});
