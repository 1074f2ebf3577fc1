import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ReplyParser } from '../control/replyLines.js';
import { managedStateOf } from './managedState.js';
import { sessionsOf } from './sessions.js';
import { parseShowProtocols } from './showProtocols.js';

/** `show protocols all` of a real BIRD 2.0.12 running meshrr's rendering (graceful shutdown on, an operator peer). */
const RAW = readFileSync(new URL('../__fixtures__/show-protocols-all.txt', import.meta.url), 'utf8');

function reply() {
  const [parsed] = new ReplyParser().push(RAW);
  return parsed!;
}

describe('reading BIRD state from show protocols all', () => {
  it('parses every protocol with its description, BGP state, neighbor or range and channel filters', () => {
    const protocols = parseShowProtocols(reply());
    expect(protocols.map((p) => `${p.name}/${p.proto}/${p.state}`)).toEqual([
      'meshrr_device/Device/up',
      'operator_peer/BGP/start',
      'meshrr_graceful_shutdown/Static/down',
      'meshrr:CLIENTS/Static/down',
      'CLIENTS:10.96.0.8_29/BGP/start',
      'meshrr:EMPTY/Static/down',
      'meshrr:MESH/Static/down',
      'MESH:10.96.0.2/BGP/up',
      'MESH:10.96.0.3/BGP/start',
      'meshrr:RS/Static/down',
      'RS:10.96.0.16_28/BGP/start',
      'dyn:CLIENTS:1/BGP/up',
      'dyn:RS:1/BGP/up',
    ]);
    const mesh = protocols.find((p) => p.name === 'MESH:10.96.0.2')!;
    expect(mesh).toMatchObject({
      description: 'meshrr group=MESH',
      bgpState: 'Established',
      neighborAddress: '10.96.0.2',
      neighborAs: 65000,
      sinceMs: 1796293550007,
      channels: [
        { name: 'ipv4', state: 'UP', inputFilter: 'meshrr_import', outputFilter: 'meshrr_export_graceful_shutdown' },
      ],
    });
    expect(protocols.find((p) => p.name === 'RS:10.96.0.16_28')).toMatchObject({
      neighborRange: '10.96.0.16/28',
      channels: [{ inputFilter: 'meshrr_import:RS' }],
    });
  });

  it('reads back the managed state: groups from markers (empty ones too), neighbors, listener ranges, AS ranges, graceful shutdown', () => {
    expect(managedStateOf(parseShowProtocols(reply()))).toEqual({
      gracefulShutdown: true,
      groups: [
        { name: 'CLIENTS', neighbors: [], allow: ['10.96.0.8/29'], peerAsRanges: [] },
        { name: 'EMPTY', neighbors: [], allow: [], peerAsRanges: [] },
        { name: 'MESH', neighbors: ['10.96.0.2', '10.96.0.3'], allow: [], peerAsRanges: [] },
        { name: 'RS', neighbors: [], allow: ['10.96.0.16/28'], peerAsRanges: [{ start: 65001, end: 65100 }] },
      ],
    });
  });

  it('reports every session (the operator’s too), spawned ones as dynamic of their group, with uptimes', () => {
    expect(sessionsOf(parseShowProtocols(reply()), 1796293560000)).toEqual([
      {
        peer: '10.96.0.2',
        state: 'Established',
        group: 'MESH',
        dynamic: false,
        establishedForMs: 9993,
        remoteAs: 65000,
      },
      { peer: '10.96.0.3', state: 'Connect', group: 'MESH', dynamic: false, remoteAs: 65000 },
      { peer: '10.96.0.9', state: 'Connect', remoteAs: 65000 },
      {
        peer: '10.96.0.11',
        state: 'Established',
        group: 'CLIENTS',
        dynamic: true,
        establishedForMs: 9306,
        remoteAs: 65000,
      },
      { peer: '10.96.0.21', state: 'Established', group: 'RS', dynamic: true, establishedForMs: 8978, remoteAs: 65010 },
    ]);
  });
});

describe('ReplyParser', () => {
  it('assembles replies from arbitrary chunks, gives continuations their block code, skips spontaneous lines', () => {
    const parser = new ReplyParser();
    const text =
      '0001 BIRD 2.0.12 ready.\n1000-BIRD 2.0.12\n1011-Router ID is 10.0.0.1\n Hostname is vm\n+Config timeout expired\n0013 Daemon is up and running\n';
    const replies = [...text].flatMap((c) => parser.push(c));
    expect(replies).toEqual([
      { code: 1, lines: [{ code: 1, text: 'BIRD 2.0.12 ready.' }] },
      {
        code: 13,
        lines: [
          { code: 1000, text: 'BIRD 2.0.12' },
          { code: 1011, text: 'Router ID is 10.0.0.1' },
          { code: 1011, text: 'Hostname is vm' },
          { code: 13, text: 'Daemon is up and running' },
        ],
      },
    ]);
  });
});
