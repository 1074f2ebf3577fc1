import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { OptionsSchema } from '../api/discovery.js';
import { ConfigError, formatConfigIssue, loadConfig, loadConfigOrThrow, type ConfigLoadResult } from './index.js';

function messages(result: ConfigLoadResult): string[] {
  if (result.ok) throw new Error(`expected errors, got a configuration: ${JSON.stringify(result.config)}`);
  return result.errors.map(formatConfigIssue);
}

const MALFORMED = `encrypted_root_pw: "bad pw"
asn: 0
mode: EVPNRS
colour: blue
bgpgroups:
- name: MESH ONE
  type: mesh
  max_peers: 0
  prefixes: [10.0.0.0/8]
  source:
    hostname: -bad-
- name: CLIENTS
  type: Subtractive
  prefixes: [10.0.0.1/8, 10.1.0.0/33, "2001:db8::/32"]
  asranges: [65001-65000, "65000.1-65000.5", 65001, "70000.1"]
  source: {}
- name: CLIENTS
  type: subtractive
  prefixes: []
- type: ring
  name: x
- {}
- name: UPSTREAM
  type: MESH
  source: { sourcetype: dns }
  max_peers: two
safety: { max_removal_share: 1.5, allow_large_removals: yes }
quiescence: { min_seconds: 10 }
commit: { verify_seconds: 200 }
plugins: [Bad_Name]
`;

describe('loadConfig: a malformed file', () => {
  it('reports every error of the file at once, in file order, with line:column, found and allowed', () => {
    expect(messages(loadConfig({ text: MALFORMED, origin: 'meshrr.conf.yml' }))).toEqual([
      'meshrr.conf.yml:1:20: encrypted_root_pw: invalid encrypted password (allowed: one token of letters, digits and . / $ = + _ : * ! - (a crypt(3) hash, or NOLOGIN))',
      'meshrr.conf.yml:2:6: asn: must be an AS number (found 0; allowed: asplain 1-4294967295, or asdot X.Y with X and Y 0-65535 (not 0.0), quoted)',
      'meshrr.conf.yml:4:1: colour: unknown key (found "colour"; allowed: encrypted_root_pw, asn, mode, bgpgroups, safety, selection, quiescence, commit, plugins, platform, router_id, families, family_transport, graceful_restart)',
      'meshrr.conf.yml:6:9: bgpgroups[0].name: invalid group name (found "MESH ONE"; allowed: a letter or digit, then up to 62 letters, digits, "_", ".", ":" or "-")',
      'meshrr.conf.yml:8:14: bgpgroups[0].max_peers: must be an integer ≥ 1 (found 0)',
      'meshrr.conf.yml:9:13: bgpgroups[0].prefixes: only subtractive groups have this key (this group is type mesh) (found a list)',
      'meshrr.conf.yml:11:15: bgpgroups[0].source.hostname: must be a DNS name (found "-bad-"; allowed: labels of letters, digits, "_" and "-" (not at a label\'s ends), 1-63 characters each, 253 in all)',
      'meshrr.conf.yml:14:14: bgpgroups[1].prefixes[0]: invalid CIDR prefix: host bits are set (did you mean 10.0.0.0/8?) (found "10.0.0.1/8"; allowed: address/length with host bits clear, in unicast space (e.g. 10.0.0.0/8, 2001:db8::/32))',
      'meshrr.conf.yml:14:26: bgpgroups[1].prefixes[1]: invalid CIDR prefix: prefix length must be an integer from 0 to 32 (found "10.1.0.0/33"; allowed: address/length with host bits clear, in unicast space (e.g. 10.0.0.0/8, 2001:db8::/32))',
      'meshrr.conf.yml:15:14: bgpgroups[1].asranges[0]: range start 65001 is greater than its end 65000 (found "65001-65000")',
      'meshrr.conf.yml:15:53: bgpgroups[1].asranges[3]: "70000.1" is not an AS number (asplain 1-4294967295 or asdot X.Y) (found "70000.1")',
      'meshrr.conf.yml:16:11: bgpgroups[1].source: only mesh groups have this key (this group is type subtractive) (found a mapping)',
      'meshrr.conf.yml:17:9: bgpgroups[2].name: duplicate group name (already used by bgpgroups[1]) (found "CLIENTS")',
      'meshrr.conf.yml:19:13: bgpgroups[2].prefixes: must list at least one prefix (found an empty list; allowed: a list of CIDR prefixes such as 10.0.0.0/8 or 2001:db8::/32)',
      'meshrr.conf.yml:20:9: bgpgroups[3].type: unknown group type (found "ring"; allowed: mesh, subtractive (any case))',
      'meshrr.conf.yml:22:3: bgpgroups[4].name: is required (allowed: a letter or digit, then up to 62 letters, digits, "_", ".", ":" or "-")',
      'meshrr.conf.yml:22:3: bgpgroups[4].type: is required (allowed: mesh, subtractive (any case))',
      'meshrr.conf.yml:25:11: bgpgroups[5].source.hostname: is required for sourcetype dns (allowed: labels of letters, digits, "_" and "-" (not at a label\'s ends), 1-63 characters each, 253 in all)',
      'meshrr.conf.yml:26:14: bgpgroups[5].max_peers: must be an integer ≥ 1 (found "two")',
      'meshrr.conf.yml:27:30: safety.max_removal_share: must be a number from 0 to 1 (found 1.5)',
      'meshrr.conf.yml:27:57: safety.allow_large_removals: must be true or false (found "yes")',
      'meshrr.conf.yml:28:28: quiescence.min_seconds: must not exceed quiescence.max_seconds (5, the default) (found 10)',
      'meshrr.conf.yml:29:27: commit.verify_seconds: must be less than 90 s (75 % of commit.confirm_timeout_seconds 120, the default): the confirm must be answered within 75 % of the commit-confirmed window or the change counts as rolled back (found 200)',
      'meshrr.conf.yml:30:11: plugins[0]: must be an npm package name (found "Bad_Name"; allowed: the npm package name of a meshrr plugin, e.g. meshrr-discovery-netbox or @acme/meshrr-cmdb)',
    ]);
  });

  it('reports overlapping prefixes of different subtractive groups, naming both groups and both prefixes', () => {
    const text = `asn: 65000
bgpgroups:
- { name: MESH, type: mesh, source: { hostname: meshrr } }
- { name: A, type: subtractive, prefixes: [10.0.0.0/8, "2001:db8::/32"] }
- { name: B, type: subtractive, prefixes: [192.168.0.0/16, 10.20.0.0/16, "2001:db8:1::/48"] }
`;
    expect(messages(loadConfig(text))).toEqual([
      '<inline>:5:60: bgpgroups[2].prefixes[1]: prefix 10.20.0.0/16 of group "B" overlaps 10.0.0.0/8 of group "A" (bgpgroups[1].prefixes[0]); prefixes of different subtractive groups must not overlap',
      '<inline>:5:74: bgpgroups[2].prefixes[2]: prefix 2001:db8:1::/48 of group "B" overlaps 2001:db8::/32 of group "A" (bgpgroups[1].prefixes[1]); prefixes of different subtractive groups must not overlap',
    ]);
  });

  it('reports YAML syntax errors with their position and does not validate further', () => {
    expect(messages(loadConfig({ text: 'asn: 65000\nbgpgroups: [\n', origin: 'f.yml' }))).toEqual([
      'f.yml:3:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('reports duplicate keys with their path, together with schema errors', () => {
    const text =
      'asn: 65000\nbgpgroups:\n- name: M\n  type: mesh\n  type: mesh\n  source: { hostname: m }\nasn: 65001\nmode: x\n';
    expect(messages(loadConfig({ text, origin: 'f.yml' }))).toEqual([
      'f.yml:5:3: bgpgroups[0].type: duplicate key (found "type")',
      'f.yml:7:1: asn: duplicate key (found "asn")',
      'f.yml:8:7: mode: unknown mode (found "x"; allowed: ipv4rr, routereflector, evpnrs, routeserver (any case))',
    ]);
  });

  it('refuses a second YAML document, an empty file, a non-mapping and an empty group list', () => {
    expect(messages(loadConfig({ text: 'asn: 1\n---\nasn: 2\n', origin: 'f' }))).toEqual([
      'f:2:1: a second YAML document is not allowed (meshrr.conf.yml holds one document)',
    ]);
    expect(messages(loadConfig({ text: '# nothing\n', origin: 'f' }))).toEqual([
      'f:1:1: the file is empty (it needs at least asn and bgpgroups)',
    ]);
    expect(messages(loadConfig({ text: '- a\n- b\n', origin: 'f' }))).toEqual([
      'f:1:1: must be a mapping (found a list; allowed: a mapping)',
    ]);
    expect(messages(loadConfig({ text: 'asn: 65000\nbgpgroups: []\n', origin: 'f' }))).toEqual([
      'f:2:12: bgpgroups: must list at least one group (found an empty list; allowed: a list of groups, each a mapping with name, type (mesh or subtractive) and its keys)',
    ]);
    expect(
      messages(loadConfig({ text: 'bgpgroups:\n- { name: M, type: mesh, source: { hostname: m } }\n', origin: 'f' })),
    ).toEqual([
      'f:1:1: asn: is required (allowed: asplain 1-4294967295, or asdot X.Y with X and Y 0-65535 (not 0.0), quoted)',
    ]);
  });

  it('refuses an unquoted asdot AS number, which YAML reads as a float', () => {
    expect(
      messages(
        loadConfig({
          text: 'asn: 65000.1\nbgpgroups:\n- { name: M, type: mesh, source: { hostname: m } }\n',
          origin: 'f',
        }),
      ),
    ).toEqual([
      'f:1:6: asn: an asdot AS number must be quoted (asn: "65000.1"); unquoted, YAML reads it as a decimal number (found 65000.1; allowed: asplain 1-4294967295, or asdot X.Y with X and Y 0-65535 (not 0.0), quoted)',
    ]);
  });

  it('points unknown keys inside groups and blocks at the key, listing the allowed keys of that place', () => {
    const text =
      'asn: 65000\nbgpgroups:\n- name: M\n  type: mesh\n  maxpeers: 2\n  source: { hostname: m }\nsafety:\n  max_removals: 3\n';
    expect(messages(loadConfig({ text, origin: 'f' }))).toEqual([
      'f:5:3: bgpgroups[0].maxpeers: unknown key (found "maxpeers"; allowed: name, type, source, max_peers, balance_across, families, family_transport, route_reflector_clients, authentication, timers, bfd, max_prefixes)',
      'f:8:3: safety.max_removals: unknown key (found "max_removals"; allowed: max_removal_share, removal_window_seconds, min_group_peers, allow_large_removals, vanished_hold_down_seconds, session_down_hold_down_seconds)',
    ]);
  });

  it('refuses a commit comment of several lines', () => {
    expect(
      messages(
        loadConfig({
          text: 'asn: 1\nbgpgroups: [{ name: M, type: mesh, source: { hostname: m } }]\ncommit: { comment: "a\\nb" }\n',
          origin: 'f',
        }),
      ),
    ).toEqual(['f:3:20: commit.comment: must be one line of text of at most 255 characters (found "a\\nb")']);
  });

  it('never repeats the encrypted password in an issue', () => {
    const result = loadConfig({
      text: 'encrypted_root_pw: "$6$x y"\nasn: 1\nbgpgroups:\n- { name: M, type: mesh, source: { hostname: m } }\n',
      origin: 'f',
    });
    expect(messages(result).join('\n')).not.toContain('$6$x');
  });
});

describe('loadConfig: sources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshrr-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a path, and names the path and the OS error when it cannot', () => {
    const path = join(dir, 'meshrr.conf.yml');
    writeFileSync(path, '\uFEFFasn: 65000\nbgpgroups:\n- { name: M, type: mesh, source: { hostname: m } }\n');
    const result = loadConfig(path);
    expect(result.ok && result.config.origin).toBe(path);
    const missing = join(dir, 'absent.yml');
    const allowed = '(allowed: a regular file of at most 16 MiB)';
    expect(messages(loadConfig(missing))).toEqual([
      `${missing}: configuration file ${missing} does not exist ${allowed}`,
    ]);
    expect(messages(loadConfig(dir))).toEqual([
      `${dir}: configuration file ${dir} is a directory, not a regular file ${allowed}`,
    ]);
  });

  it.each(['/dev/zero', '/dev/urandom'])(
    '%s fails at once naming the file, without reading it (issue 11 item 8)',
    (device) => {
      expect(messages(loadConfig(device))).toEqual([
        `${device}: configuration file ${device} is a character device, not a regular file (allowed: a regular file of at most 16 MiB)`,
      ]);
    },
  );

  it('ignores a UTF-8 byte order mark when counting columns', () => {
    expect(
      messages(
        loadConfig({
          text: '\uFEFFasn: x\nbgpgroups:\n- { name: M, type: mesh, source: { hostname: m } }\n',
          origin: 'f',
        }),
      )[0],
    ).toMatch(/^f:1:6: asn:/);
  });

  it('accepts a configuration with only subtractive groups (meshrr B16)', () => {
    const result = loadConfig('asn: 65000\nbgpgroups:\n- { name: C, type: subtractive, prefixes: [10.0.0.0/8] }\n');
    expect(result.ok && result.config.groups).toEqual([
      { kind: 'subtractive', name: 'C', prefixes: ['10.0.0.0/8'], asRanges: [] },
    ]);
  });

  it('canonicalises and sorts prefixes (IPv4 first), warning about repeats', () => {
    const text =
      'asn: 65000\nbgpgroups:\n- name: C\n  type: subtractive\n  prefixes: ["2001:DB8:0::/48", 192.168.0.0/16, 10.0.0.0/8, "2001:db8::/48"]\n';
    const result = loadConfig(text);
    if (!result.ok) throw new Error(result.errors.map(formatConfigIssue).join('\n'));
    expect(result.config.groups[0]).toEqual({
      kind: 'subtractive',
      name: 'C',
      prefixes: ['10.0.0.0/8', '192.168.0.0/16', '2001:db8::/48'],
      asRanges: [],
    });
    expect(result.warnings.map(formatConfigIssue)).toEqual([
      '<inline>:5:61: bgpgroups[0].prefixes[3]: same prefix as prefixes[0] (2001:db8::/48); counted once (found "2001:db8::/48")',
    ]);
  });

  it('keeps every source key but sourcetype as options, lower-cases sourcetype and defaults it to dns', () => {
    const text =
      'asn: 65000\nbgpgroups:\n- { name: A, type: mesh, source: { sourcetype: Static, peers: [10.0.0.1], port: 179 } }\n- { name: B, type: mesh, source: { hostname: b.example. } }\n';
    const result = loadConfig(text);
    expect(result.ok && result.config.groups).toEqual([
      { kind: 'mesh', name: 'A', source: { sourcetype: 'static', options: { peers: ['10.0.0.1'], port: 179 } } },
      { kind: 'mesh', name: 'B', source: { sourcetype: 'dns', options: { hostname: 'b.example.' } } },
    ]);
  });

  it('reads the extension blocks, converting seconds to milliseconds', () => {
    const text = `asn: 65000
bgpgroups: [{ name: M, type: mesh, source: { hostname: m } }]
safety: { max_removal_share: 0.25, min_group_peers: 2, allow_large_removals: true, vanished_hold_down_seconds: 60 }
selection: { session_poll_seconds: 0.5, session_down_hold_seconds: 2, health_window_seconds: 8, penalty_seconds: 20, penalty_max_seconds: 300, balance_delay_seconds: 0, balance_interval_seconds: 4, balance_tolerance: 0 }
quiescence: { min_seconds: 0.2, max_seconds: 2 }
commit: { confirm_timeout_seconds: 300, comment: "meshrr agent", verify_seconds: 10 }
plugins: ["@acme/meshrr-cmdb", meshrr-discovery-netbox]
`;
    const result = loadConfigOrThrow(text);
    expect(result.safety).toEqual({
      maxRemovalShare: 0.25,
      removalWindowMs: 300_000,
      minGroupPeers: 2,
      allowLargeRemovals: true,
      vanishedHoldDownMs: 60_000,
    });
    expect(result.selection).toEqual({
      sessionPollMs: 500,
      sessionDownHoldMs: 2_000,
      healthWindowMs: 8_000,
      penaltyMs: 20_000,
      penaltyMaxMs: 300_000,
      balanceDelayMs: 0,
      balanceIntervalMs: 4_000,
      balanceTolerance: 0,
    });
    expect(result.quiescence).toEqual({ minMs: 200, maxMs: 2_000 });
    expect(result.commit).toEqual({ confirmTimeoutS: 300, comment: 'meshrr agent', verifyMs: 10_000 });
    expect(result.plugins).toEqual(['@acme/meshrr-cmdb', 'meshrr-discovery-netbox']);
  });

  it('reads the deprecated safety.session_down_hold_down_seconds with a warning, and refuses it beside its new key', () => {
    const base = 'asn: 65000\nbgpgroups: [{ name: M, type: mesh, source: { hostname: m } }]\n';
    const old = loadConfig({ text: `${base}safety: { session_down_hold_down_seconds: 10 }\n`, origin: 'f' });
    if (!old.ok) throw new Error('did not load');
    expect(old.config.selection.sessionDownHoldMs).toBe(10_000);
    expect(old.warnings.map(formatConfigIssue)).toEqual([
      'f:3:43: safety.session_down_hold_down_seconds: is deprecated; it is read as selection.session_down_hold_seconds (write that instead) (found 10)',
    ]);
    const both = `${base}safety: { session_down_hold_down_seconds: 10 }\nselection: { session_down_hold_seconds: 2 }\n`;
    expect(messages(loadConfig({ text: both, origin: 'f' }))).toEqual([
      'f:3:43: safety.session_down_hold_down_seconds: is the deprecated spelling of selection.session_down_hold_seconds, which is also set; keep only selection.session_down_hold_seconds (found 10)',
    ]);
    const fresh = loadConfig({ text: base, origin: 'f' });
    expect(fresh.ok && fresh.config.selection.sessionDownHoldMs).toBe(3_000);
  });

  it('checks balance_across: other mesh groups only, and only with max_peers', () => {
    const text = `asn: 65000
bgpgroups:
- { name: M, type: mesh, source: { hostname: m } }
- { name: C, type: subtractive, prefixes: [10.0.0.0/8] }
- { name: U, type: mesh, source: { hostname: u }, max_peers: 2, balance_across: [M, C, U, X] }
- { name: V, type: mesh, source: { hostname: v }, balance_across: [M] }
selection: { penalty_seconds: 60, penalty_max_seconds: 30 }
`;
    expect(messages(loadConfig({ text, origin: 'f' }))).toEqual([
      'f:5:85: bgpgroups[2].balance_across[1]: is not a mesh group of this file (found "C"; allowed: M)',
      'f:5:88: bgpgroups[2].balance_across[2]: must name another group, not this one (found "U"; allowed: M)',
      'f:5:91: bgpgroups[2].balance_across[3]: is not a mesh group of this file (found "X"; allowed: M)',
      'f:6:67: bgpgroups[3].balance_across: only applies with max_peers (found a list)',
      'f:7:31: selection.penalty_seconds: must not exceed selection.penalty_max_seconds (30) (found 60)',
    ]);
  });

  it('never mutates its input and gives equal results when called twice (meshrr B15)', () => {
    const input = { text: 'asn: 65000\nbgpgroups:\n- { name: M, type: mesh, source: { hostname: m } }\n', origin: 'f' };
    const env = Object.freeze({ UPDATE_SECONDS: '10' });
    const copy = structuredClone(input);
    const first = loadConfig(Object.freeze(input), env);
    const second = loadConfig(input, env);
    expect(second).toEqual(first);
    expect(input).toEqual(copy);
  });

  it('loadConfigOrThrow throws a ConfigError carrying every issue, one formatted line each', () => {
    let caught: unknown;
    try {
      loadConfigOrThrow({ text: 'asn: 0\nbgpgroups: []\n', origin: 'f' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.code).toBe('config-invalid');
    expect(error.issues).toHaveLength(2);
    expect(error.message).toBe(
      'f:1:6: asn: must be an AS number (found 0; allowed: asplain 1-4294967295, or asdot X.Y with X and Y 0-65535 (not 0.0), quoted)\nf:2:12: bgpgroups: must list at least one group (found an empty list; allowed: a list of groups, each a mapping with name, type (mesh or subtractive) and its keys)',
    );
  });
});

describe("loadConfig: source options validated by the providers' schemas", () => {
  const schemas = new Map<string, OptionsSchema<unknown>>([
    ['dns', z.strictObject({ hostname: z.string(), port: z.number().int().optional() })],
    ['static', z.strictObject({ peers: z.array(z.string()).min(1) })],
  ]);

  it('maps schema issues to bgpgroups[i].source.<path> with line and column, and lists known sourcetypes', () => {
    const text = `asn: 65000
bgpgroups:
- name: A
  type: mesh
  source:
    hostname: a
    port: "x"
- name: B
  type: mesh
  source:
    sourcetype: static
    peers: []
- name: C
  type: mesh
  source: { sourcetype: consul, service: c }
- name: D
  type: mesh
  source: { hostname: "not a name" }
`;
    expect(messages(loadConfig({ text, origin: 'f' }, {}, { sourceSchemas: schemas }))).toEqual([
      'f:7:11: bgpgroups[0].source.port: Invalid input: expected number, received string (found "x"; allowed: a number)',
      'f:12:12: bgpgroups[1].source.peers: Too small: expected array to have >=1 items (found a list; allowed: at least 1 item)',
      'f:15:25: bgpgroups[2].source.sourcetype: unknown sourcetype (found "consul"; allowed: dns, static)',
      'f:18:23: bgpgroups[3].source.hostname: must be a DNS name (found "not a name"; allowed: labels of letters, digits, "_" and "-" (not at a label\'s ends), 1-63 characters each, 253 in all)',
    ]);
  });

  it('accepts options that match the schema and keeps them as written', () => {
    const result = loadConfig(
      'asn: 65000\nbgpgroups:\n- { name: A, type: mesh, source: { hostname: a, port: 5353 } }\n',
      {},
      { sourceSchemas: schemas },
    );
    expect(result.ok && result.config.groups[0]).toEqual({
      kind: 'mesh',
      name: 'A',
      source: { sourcetype: 'dns', options: { hostname: 'a', port: 5353 } },
    });
  });
});

describe('loadConfig: YAML features meshrr users may rely on', () => {
  it('expands anchors, aliases and << merge keys', () => {
    const text = `asn: 65000
bgpgroups:
- &mesh { name: A, type: mesh, source: &src { sourcetype: DNS, hostname: a } }
- { <<: *mesh, name: B, source: *src, max_peers: 2 }
`;
    const result = loadConfig(text);
    if (!result.ok) throw new Error(result.errors.map(formatConfigIssue).join('\n'));
    expect(result.config.groups).toEqual([
      { kind: 'mesh', name: 'A', source: { sourcetype: 'dns', options: { hostname: 'a' } } },
      { kind: 'mesh', name: 'B', source: { sourcetype: 'dns', options: { hostname: 'a' } }, maxPeers: 2 },
    ]);
  });

  it('asks for quotes around a numeric group name', () => {
    expect(
      messages(
        loadConfig({
          text: 'asn: 65000\nbgpgroups:\n- { name: 12, type: mesh, source: { hostname: a } }\n',
          origin: 'f',
        }),
      ),
    ).toEqual([
      'f:3:11: bgpgroups[0].name: a numeric group name must be quoted (name: "12") (found 12; allowed: a letter or digit, then up to 62 letters, digits, "_", ".", ":" or "-")',
    ]);
  });

  it('reports an unknown sourcetype with no registered providers', () => {
    expect(
      messages(
        loadConfig(
          { text: 'asn: 65000\nbgpgroups:\n- { name: A, type: mesh, source: { sourcetype: consul } }\n', origin: 'f' },
          {},
          { sourceSchemas: new Map() },
        ),
      ),
    ).toEqual([
      'f:3:48: bgpgroups[0].source.sourcetype: unknown sourcetype (found "consul"; allowed: (no source types are registered))',
    ]);
  });
});
