import { describe, expect, it } from 'vitest';
import { formatConfigIssue, loadConfig } from './index.js';

const CONFIG = `encrypted_root_pw: NOLOGIN
asn: "65000"
bgpgroups:
- name: A
  type: mesh
  source: { sourcetype: static, addresses: [10.0.0.1, 10.0.0.2] }
- name: B
  type: mesh
  source: { sourcetype: static, addresses: [10.0.0.3, 10.0.0.2, 10.0.0.3] }
- name: C
  type: mesh
  source: { sourcetype: static, addresses: ["fd00:0::1"] }
- name: D
  type: mesh
  source: { sourcetype: static, addresses: ["fd00::1", 10.0.0.1] }
`;

describe('validate: one address, one group (issue 11 item 3)', () => {
  it('refuses an address listed by the static sources of two mesh groups, at the later one, naming both', () => {
    const result = loadConfig({ text: CONFIG, origin: 'meshrr.conf.yml' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(formatConfigIssue)).toEqual([
      'meshrr.conf.yml:9:55: bgpgroups[1].source.addresses[1]: address 10.0.0.2 is also listed by group "A" (bgpgroups[0].source.addresses[1]); an address can be a neighbor of one group only (found "10.0.0.2")',
      'meshrr.conf.yml:15:45: bgpgroups[3].source.addresses[0]: address fd00::1 is also listed by group "C" (bgpgroups[2].source.addresses[0]); an address can be a neighbor of one group only (found "fd00::1")',
      'meshrr.conf.yml:15:56: bgpgroups[3].source.addresses[1]: address 10.0.0.1 is also listed by group "A" (bgpgroups[0].source.addresses[0]); an address can be a neighbor of one group only (found "10.0.0.1")',
    ]);
  });
});
