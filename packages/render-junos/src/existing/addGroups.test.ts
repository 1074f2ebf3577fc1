import { Secret, type MeshrrConfig } from '@meshrr/core';
import { meshGroup, subtractiveGroup, testConfig } from '@meshrr/core/testing';
import { describe, expect, it } from 'vitest';
import { ExistingConfigError } from '../errors.js';
import { checkJunosText } from '../junos/check.js';
import { expectGolden } from '../testing-support/golden.js';
import { addMissingGroups } from './addGroups.js';

const EXISTING = `## Last changed: 2026-11-20 10:00:00 UTC
version 23.2R1.13;
routing-options {
    autonomous-system 65000;
    router-id 10.42.0.10;
}
policy-options {
    /* kept as written */
    community C members 65000:101;
}
groups {
    MESHRR {
        protocols {
            bgp {
                group MESHRR-MESH {
                    type internal;
                    neighbor 10.42.0.11;
                }
                group MESHRR-CLIENTS {
                    type internal;
                    cluster 10.42.0.10;
                    allow 10.0.0.0/8;
                }
            }
        }
    }
}
apply-groups MESHRR;
`;

const key = new Secret('k3y!Secret', '/etc/meshrr/bgp-auth/key');

/** The configuration grown by two groups: a route server with every session option, and an upstream mesh. */
function grown(): MeshrrConfig {
  return testConfig({
    groups: [
      meshGroup('MESHRR-MESH'),
      subtractiveGroup('MESHRR-CLIENTS', ['10.0.0.0/8']),
      subtractiveGroup('MESHRR-RS', ['192.0.2.0/24'], {
        asRanges: [{ start: 65001, end: 65100 }],
        bgp: {
          families: ['ipv4-unicast', 'ipv6-unicast'],
          transparent: true,
          authentication: { method: 'md5', keyFile: key.origin, key },
          timers: { holdTimeS: 30 },
          bfd: { minimumIntervalMs: 300, multiplier: 3 },
          prefixLimit: { maximum: 1000, warningOnly: false, restartMinutes: 5 },
        },
      }),
      meshGroup('MESHRR-UPSTREAM', { maxPeers: 2 }),
    ],
  });
}

/** True when every line of `before` is in `after`, in order: the change only added lines. */
function onlyAdded(before: string, after: string): boolean {
  const lines = after.split('\n');
  let at = 0;
  for (const line of before.split('\n')) {
    while (at < lines.length && lines[at] !== line) at += 1;
    if (at === lines.length) return false;
    at += 1;
  }
  return true;
}

describe('addMissingGroups (init on an existing configuration)', () => {
  it('adds the groups the configuration lacks, complete, and touches nothing else', () => {
    const result = addMissingGroups(EXISTING, grown(), '10.42.0.10');
    expect(result.added).toEqual(['MESHRR-RS', 'MESHRR-UPSTREAM']);
    expectGolden('existing-add-groups/juniper.conf', result.text);
    expect(onlyAdded(EXISTING, result.text)).toBe(true);
    expect(checkJunosText(result.text)).toEqual([]);
    // the statements each kind needs
    expect(result.text).toContain('group MESHRR-RS {\n                    type external;');
    expect(result.text).toContain('multihop {');
    expect(result.text).toContain('authentication-key "k3y!Secret";');
    // a second init adds nothing
    expect(addMissingGroups(result.text, grown(), '10.42.0.10')).toEqual({ text: result.text, added: [] });
  });

  it('writes TCP-AO key chains into groups MESHRR security, creating the levels the text lacks', () => {
    const config = testConfig({
      groups: [
        meshGroup('MESHRR-MESH'),
        meshGroup('MESHRR-CORE', {
          bgp: {
            authentication: {
              method: 'tcp-ao',
              keyFile: key.origin,
              key,
              sendId: 1,
              recvId: 2,
              algorithm: 'aes-128-cmac-96',
            },
          },
        }),
      ],
    });
    const result = addMissingGroups(EXISTING, config, '10.42.0.10');
    expect(result.added).toEqual(['MESHRR-CORE']);
    expectGolden('existing-add-groups/tcp-ao.conf', result.text);
    expect(onlyAdded(EXISTING, result.text)).toBe(true);
    expect(checkJunosText(result.text)).toEqual([]);
  });

  it('writes the whole groups MESHRR hierarchy into a configuration that has none', () => {
    const bare = 'routing-options {\n    router-id 10.42.0.10;\n}\n';
    const result = addMissingGroups(
      bare,
      testConfig({ groups: [subtractiveGroup('MESHRR-CLIENTS', ['10.0.0.0/8'])] }),
      '10.42.0.10',
    );
    expectGolden('existing-add-groups/bare.conf', result.text);
    expect(result.text.startsWith(bare)).toBe(true);
    expect(checkJunosText(result.text)).toEqual([]);
  });

  it('refuses a configuration that does not parse', () => {
    expect(() => addMissingGroups('groups {\n', grown(), '10.42.0.10')).toThrow(ExistingConfigError);
  });
});
