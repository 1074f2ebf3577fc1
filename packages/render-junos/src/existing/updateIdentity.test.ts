import { describe, expect, it } from 'vitest';
import { ExistingConfigError } from '../errors.js';
import { checkJunosText } from '../junos/check.js';
import { TEST_SSH_KEY } from '../testing-support/examples.js';
import { updateExistingConfig } from './updateIdentity.js';

const SAVED = `## Last changed: 2026-11-20 10:00:00 UTC
version 23.2R1.13;
system {
    root-authentication {
        encrypted-password "NOLOGIN"; ## SECRET-DATA
    }
    login {
        user meshrr {
            class super-user;
            uid 100;
            authentication {
                ssh-ed25519 "ssh-ed25519 AAAAold old@pod"; ## SECRET-DATA
            }
        }
    }
    license {
        keys {
            key "OLD-LICENCE";
        }
    }
}
routing-options {
    autonomous-system 65000;
    router-id 10.42.0.10;
}
policy-options {
    /* a description with {{ jinja }} and <%= eta %> that must survive */
    community C members 65000:101;
}
groups {
    MESHRR {
        protocols {
            bgp {
                group MESHRR-MESH {
                    type internal;
                    neighbor 10.42.0.11;
                    neighbor 10.42.0.12 {
                        description "kept as a block";
                    }
                }
                group MESHRR-CLIENTS {
                    type internal;
                    cluster 10.42.0.10;
                    allow [ 10.0.0.0/8 172.16.0.0/12 ];
                }
                group STATIC-CLUSTER {
                    type internal;
                    cluster 1.1.1.1;
                }
            }
        }
    }
}
protocols {
    bgp {
        group OUTSIDE {
            neighbor 192.0.2.1;
        }
    }
}
apply-groups MESHRR;
`;

describe('updateExistingConfig (B17)', () => {
  it('moves router-id and per-pod cluster to the new POD_IP and drops the old identity’s neighbors', () => {
    const result = updateExistingConfig(SAVED, { podIp: '10.42.3.7' });
    const expected = SAVED.replace('router-id 10.42.0.10;', 'router-id 10.42.3.7;')
      .replace('cluster 10.42.0.10;', 'cluster 10.42.3.7;')
      .replace('                    neighbor 10.42.0.11;\n', '')
      .replace(
        '                    neighbor 10.42.0.12 {\n                        description "kept as a block";\n                    }\n',
        '',
      );
    expect(result.text).toBe(expected);
    expect(result.previousRouterId).toBe('10.42.0.10');
    expect(result.changes).toEqual([
      'line 24: router-id 10.42.0.10 → 10.42.3.7',
      'line 43: cluster 10.42.0.10 → 10.42.3.7',
      'line 36: removed neighbor 10.42.0.11',
      'line 37: removed neighbor 10.42.0.12',
    ]);
    expect(checkJunosText(result.text)).toEqual([]);
    expect(result.text).toContain('cluster 1.1.1.1;');
    expect(result.text).toContain('neighbor 192.0.2.1;');
    expect(result.text).toContain('{{ jinja }} and <%= eta %>');
  });

  it('keeps neighbors when the identity did not change (sticky selection survives a restart)', () => {
    const result = updateExistingConfig(SAVED, { podIp: '10.42.0.10' });
    expect(result.text).toBe(SAVED);
  });

  it('keeps neighbors on request', () => {
    const result = updateExistingConfig(SAVED, { podIp: '10.42.3.7', keepNeighbors: true });
    expect(result.text).toContain('neighbor 10.42.0.11;');
    expect(result.text).toContain('router-id 10.42.3.7;');
  });

  it('replaces the meshrr login key and the licence', () => {
    const result = updateExistingConfig(SAVED, {
      podIp: '10.42.0.10',
      sshPublicKey: TEST_SSH_KEY,
      licenseKey: 'NEW "LIC"',
    });
    expect(result.text).toBe(
      SAVED.replace('"ssh-ed25519 AAAAold old@pod"', `"${TEST_SSH_KEY}"`).replace('"OLD-LICENCE"', '"NEW \\"LIC\\""'),
    );
  });

  it('is idempotent', () => {
    const once = updateExistingConfig(SAVED, { podIp: '10.42.3.7' }).text;
    expect(updateExistingConfig(once, { podIp: '10.42.3.7' }).text).toBe(once);
  });

  it('refuses text that does not parse, or has no router-id', () => {
    expect(() => updateExistingConfig(`${SAVED}}\n`, { podIp: '10.42.3.7' })).toThrow(ExistingConfigError);
    expect(() => updateExistingConfig('system { host-name x; }\n', { podIp: '10.42.3.7' })).toThrow(
      'existing configuration has no "routing-options router-id" statement to update',
    );
    expect(() => updateExistingConfig(SAVED, { podIp: 'pod-1' })).toThrow(/^POD_IP/);
  });
});
