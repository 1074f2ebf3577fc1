import type { RenderedChange } from '@meshrr/core';
import { encodeJunos9 } from '../junos/junosSecret9.js';
import { fixture } from './junosFixtures.js';

/* Replies and changes shared by the Junos dialect tests (test helper). */
export const NS =
  'xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" xmlns:junos="http://xml.juniper.net/junos/23.4R1.9/junos" xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"';
export const OK = `<rpc-reply ${NS}>\n<ok/>\n</rpc-reply>`;
export const HELLO = fixture('pyez_hello_junos_with-comment-preamble_eom.txt');
export const DIFF = '\n[edit groups MESHRR protocols bgp group MESHRR-MESH]\n+     neighbor 10.42.0.14;\n';
export const DIFF_REPLY = `<rpc-reply ${NS}>\n<configuration-information>\n<configuration-output>${DIFF}</configuration-output>\n</configuration-information>\n</rpc-reply>`;
export const NO_DIFF_REPLY = `<rpc-reply ${NS}>\n<configuration-information>\n<configuration-output>\n</configuration-output>\n</configuration-information>\n</rpc-reply>`;
export const COMMIT_OK = `<rpc-reply ${NS}>\n<commit-results>\n<routing-engine junos:style="normal">\n<name>re0</name>\n<commit-success/>\n</routing-engine>\n</commit-results>\n<ok/>\n</rpc-reply>`;
/** Reply to the managed read, built from the Junos XML mapping (no recorded MESHRR capture exists): lists keyed by <name>, leaf-lists repeated, junos: attributes, an inactive neighbor. */
export const MANAGED_REPLY = `<rpc-reply ${NS}>
<configuration junos:commit-seconds="1763860000" junos:commit-localtime="2025-11-23 01:06:40 UTC" junos:commit-user="meshrr">
    <groups>
        <name>MESHRR</name>
        <protocols>
            <bgp>
                <group>
                    <name>MESHRR-MESH</name>
                    <neighbor><name>10.42.0.12</name></neighbor>
                    <neighbor><name>10.42.0.11</name></neighbor>
                    <neighbor inactive="inactive"><name>10.42.0.13</name></neighbor>
                    <neighbor><name>2001:db8:0:0::1</name></neighbor>
                </group>
                <group>
                    <name>MESHRR-CLIENTS</name>
                    <type>internal</type>
                    <allow>fd00::/8</allow>
                    <allow>10.42.0.0/16</allow>
                </group>
                <group>
                    <name>RS</name>
                    <type>external</type>
                    <peer-as-list>MESHRR:RS</peer-as-list>
                    <allow>192.168.0.0/16</allow>
                </group>
                <graceful-shutdown>
                    <sender/>
                </graceful-shutdown>
            </bgp>
        </protocols>
        <policy-options>
            <as-list>
                <name>MESHRR:RS</name>
                <members>65001-65500</members>
                <members>64512</members>
            </as-list>
        </policy-options>
    </groups>
</configuration>
</rpc-reply>`;

export const change = (format: string, body: string): RenderedChange => ({
  platform: 'junos',
  format,
  body,
  digest: 'x',
});
export const SET_CHANGE = change(
  'junos-set',
  'delete groups MESHRR protocols bgp group MESHRR-MESH neighbor 10.42.0.11\nset groups MESHRR protocols bgp group MESHRR-MESH neighbor 10.42.0.14\n',
);
export const signal = (): AbortSignal => new AbortController().signal;

/** The key the device holds, as Junos shows it (`$9$` of `old-key`). */
export const OLD_KEY = encodeJunos9('old-key', 'Q', 'zzz');

/**
 * Reply to the managed read with every statement meshrr manages, some deactivated, built from the
 * Junos XML mapping (leaves as elements, `inactive="inactive"` on deactivated ones, `$9$` secrets):
 * no recorded capture of these statements exists in the corpora.
 */
export const MANAGED_FULL_REPLY = `<rpc-reply ${NS}>
<configuration junos:commit-seconds="1763860000" junos:commit-localtime="2025-11-23 01:06:40 UTC" junos:commit-user="meshrr">
    <groups>
        <name>MESHRR</name>
        <protocols>
            <bgp>
                <group inactive="inactive">
                    <name>CLIENTS</name>
                    <type>internal</type>
                    <cluster inactive="inactive">10.42.0.10</cluster>
                    <hold-time>9</hold-time>
                    <authentication-key>${OLD_KEY}</authentication-key>
                    <family>
                        <inet>
                            <unicast/>
                        </inet>
                        <inet6 inactive="inactive">
                            <unicast/>
                        </inet6>
                    </family>
                    <neighbor inactive="inactive">
                        <name>10.42.0.13</name>
                    </neighbor>
                    <allow>10.42.0.0/16</allow>
                </group>
            </bgp>
        </protocols>
    </groups>
</configuration>
</rpc-reply>`;

/** A repair: re-activations and a re-written key (quoted), as render-junos emits it. */
export const REPAIR_CHANGE = change(
  'junos-set',
  [
    'set groups MESHRR protocols bgp group CLIENTS authentication-key "k3y!Secret"',
    'activate groups MESHRR protocols bgp group CLIENTS',
    'activate groups MESHRR protocols bgp group CLIENTS neighbor 10.42.0.13',
    'activate groups MESHRR protocols bgp group CLIENTS cluster',
    'activate groups MESHRR protocols bgp group CLIENTS family inet6',
    '',
  ].join('\n'),
);

/** Junos's compare of that repair: activations show as removed `inactive:` markers, the key as SECRET-DATA. */
export const REPAIR_DIFF = `
[edit groups MESHRR protocols bgp]
!     active: group CLIENTS { ... }
[edit groups MESHRR protocols bgp group CLIENTS]
-     authentication-key "${OLD_KEY}"; ## SECRET-DATA
+     authentication-key "$9$i.5Q9tOIEyKvLhSrlK8"; ## SECRET-DATA
!     active: cluster 10.42.0.10;
!     active: neighbor 10.42.0.13 { ... }
[edit groups MESHRR protocols bgp group CLIENTS family]
!     active: inet6 { ... }
`;
