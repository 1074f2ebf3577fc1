import { describe, expect, it } from 'vitest';
import { loadConfigOrThrow, Secret, type MeshrrConfig } from '@meshrr/core';
import { JunosValueError, TemplateRenderError } from '../errors.js';
import { TEST_LICENSE, TEST_SSH_KEY } from '../testing-support/examples.js';
import { upstreamText } from '../testing-support/upstream.js';
import { buildTemplateContext } from './context.js';
import { defaultTemplate, templateEngineFor } from './defaults.js';
import { renderEtaTemplate } from './eta.js';
import { renderInitialConfig } from './initial.js';
import { renderJinjaTemplate } from './jinja.js';

const config: MeshrrConfig = loadConfigOrThrow({
  text: upstreamText('meshrr/defaults/meshrr.conf.yml'),
  origin: 'meshrr/defaults/meshrr.conf.yml',
});
const inputs = { podIp: '10.42.0.10', licenseKey: TEST_LICENSE, sshPublicKey: TEST_SSH_KEY };
const context = buildTemplateContext(config, inputs);

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('buildTemplateContext', () => {
  it('builds meshrr’s shapes: dicts name → fields without name', () => {
    expect(JSON.parse(JSON.stringify({ m: context.bgpgroups_mesh, s: context.bgpgroups_subtractive }))).toEqual({
      m: {
        'MESHRR-MESH': { type: 'mesh', source: { sourcetype: 'dns', hostname: 'meshrr' } },
        'MESHRR-UPSTREAM': {
          type: 'mesh',
          source: { sourcetype: 'dns', hostname: 'meshrr.core.svc.cluster.local' },
          max_peers: 2,
        },
      },
      s: { 'MESHRR-CLIENTS': { type: 'subtractive', prefixes: ['0.0.0.0/0'] } },
    });
    expect([context.POD_IP, context.LICENSE_KEY, context.encrypted_root_pw, context.asn]).toEqual([
      '10.42.0.10',
      TEST_LICENSE,
      'NOLOGIN',
      '65000',
    ]);
    expect(context.groups.map((g) => g['name'])).toEqual(['MESHRR-MESH', 'MESHRR-CLIENTS', 'MESHRR-UPSTREAM']);
    expect(String(context.bgpgroups_subtractive['MESHRR-CLIENTS'])).toBe(
      "{'type': 'subtractive', 'prefixes': ['0.0.0.0/0']}",
    );
  });

  it.each([
    [{ podIp: 'meshrr-0' }, 'POD_IP'],
    [{ podIp: '10.0.0.1; x' }, 'POD_IP'],
    [{ licenseKey: '' }, 'LICENSE_KEY'],
    [{ licenseKey: 'abc"; system { }' }, 'LICENSE_KEY'],
    [{ licenseKey: 'line1\nline2' }, 'LICENSE_KEY'],
    [{ sshPublicKey: 'ssh-rsa AAAA' }, 'SSH public key'],
    [{ sshPublicKey: `${TEST_SSH_KEY}\nssh-ed25519 AAAA` }, 'SSH public key'],
  ])('rejects %j naming %s', (over, what) => {
    const error = caught(() => buildTemplateContext(config, { ...inputs, ...over }));
    expect(error).toBeInstanceOf(JunosValueError);
    expect((error as Error).message.startsWith(what)).toBe(true);
  });

  it('rejects a root password that would break out of its quotes', () => {
    expect(() => buildTemplateContext({ ...config, encryptedRootPw: 'x"; }' }, inputs)).toThrow(/^encrypted_root_pw/);
  });
});

describe('missing variables are errors naming the variable and the template', () => {
  it('Jinja2: outputting an undefined variable', () => {
    const error = caught(() =>
      renderJinjaTemplate('a {\n  b {{ POD_IPP }};\n}\n', 'user.j2', context),
    ) as TemplateRenderError;
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect(error.message).toBe('user.j2:2: a printed expression is undefined or null in "b {{ POD_IPP }};"');
    expect(error.template).toBe('user.j2');
    expect(error.line).toBe(2);
  });

  it('Jinja2: a group that is not in meshrr.conf.yml (B27)', () => {
    const error = caught(() =>
      renderJinjaTemplate(
        "x\nallow [ {% for p in bgpgroups_subtractive['CLIENTS'].prefixes %}{{ p }} {% endfor %}];",
        'user.j2',
        context,
      ),
    ) as TemplateRenderError;
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect(error.variable).toBe('bgpgroups_subtractive.CLIENTS');
    expect(error.message).toContain(
      'user.j2:2: variable bgpgroups_subtractive.CLIENTS is not defined (defined here: MESHRR-CLIENTS)',
    );
  });

  it('Jinja2: a misspelled group field; `is defined` still works for optional fields', () => {
    expect(() => renderJinjaTemplate("{{ bgpgroups_mesh['MESHRR-MESH'].sourse }}", 't.j2', context)).toThrow(
      /bgpgroups_mesh\["MESHRR-MESH"\]\.sourse is not defined/,
    );
    expect(
      renderJinjaTemplate(
        "{% if bgpgroups_mesh['MESHRR-MESH'].max_peers is defined %}yes{% else %}no{% endif %}",
        't.j2',
        context,
      ),
    ).toBe('no');
    expect(renderJinjaTemplate("{{ 'CLIENTS' in bgpgroups_subtractive }}", 't.j2', context)).toBe('false');
  });

  it('Jinja2: syntax errors name the template and line', () => {
    expect(() => renderJinjaTemplate('a\n{{ x | }}', 'bad.j2', context)).toThrow(
      'bad.j2:2: Jinja2 (nunjucks): expected symbol, got variable-end in "{{ x | }}"',
    );
  });

  it('Eta: an unknown variable, group or field', () => {
    const e1 = caught(() => renderEtaTemplate('a\nb <%= it.POD_IPP %>;\n', 'user.eta', context)) as TemplateRenderError;
    expect(e1.message).toBe(
      'user.eta:2: variable it.POD_IPP is not defined (defined here: POD_IP, ROUTER_ID, junos_group, junos_bgp, junos_security, LICENSE_KEY, encrypted_root_pw, asn, bgpgroups_mesh, bgpgroups_subtractive, ssh_public_key, mode, groups, quote) in "b <%= it.POD_IPP %>;"',
    );
    expect(e1.variable).toBe('it.POD_IPP');
    const e2 = caught(() =>
      renderEtaTemplate("<%= it.bgpgroups_mesh['NOPE'].type %>", 'user.eta', context),
    ) as TemplateRenderError;
    expect(e2.variable).toBe('bgpgroups_mesh.NOPE');
  });

  it('Eta: an interpolated undefined value', () => {
    expect(() =>
      renderEtaTemplate("x <%= it.bgpgroups_mesh['MESHRR-MESH'].max_peers %>\n", 'user.eta', context),
    ).toThrow(/^user\.eta:1: variable an interpolated value \(<%= %>\) is not defined/);
  });
});

describe('templates get values as data, never as template code', () => {
  it('a value containing template syntax is printed literally', () => {
    const odd = buildTemplateContext({ ...config, encryptedRootPw: '{{POD_IP}}<%=it.asn%>' }, inputs);
    expect(renderJinjaTemplate('{{ encrypted_root_pw }}', 't.j2', odd)).toBe('{{POD_IP}}<%=it.asn%>');
    expect(renderEtaTemplate('<%= it.encrypted_root_pw %>', 't.eta', odd)).toBe('{{POD_IP}}<%=it.asn%>');
  });

  it('quote helper is available to both engines', () => {
    expect(renderEtaTemplate('<%= it.quote(it.LICENSE_KEY) %>', 't.eta', context)).toBe(`"${TEST_LICENSE}"`);
    expect(renderJinjaTemplate('{{ junos_quote(asn) }}', 't.j2', context)).toBe('"65000"');
  });
});

describe('renderInitialConfig', () => {
  it('selects the default template by mode', () => {
    expect(renderInitialConfig({ config, inputs }).template).toBe('juniper-ipv4rr.conf.eta');
    expect(renderInitialConfig({ config: { ...config, mode: 'evpnrs' }, inputs }).template).toBe(
      'juniper-evpnrs.conf.eta',
    );
  });

  it('renders a user Eta template and stamps the meshrr key structurally', () => {
    const text =
      'system {\n    login {\n        user meshrr {\n            authentication {\n                ssh-ed25519 "ssh-ed25519 TBD"; ## SECRET-DATA\n            }\n        }\n    }\n}\nrouting-options {\n    router-id <%= it.POD_IP %>;\n}\n';
    const result = renderInitialConfig({ config, inputs, template: { name: 'mine.eta', text, engine: 'eta' } });
    expect(result.text).toBe(
      text.replace('"ssh-ed25519 TBD"', `"${TEST_SSH_KEY}"`).replace('<%= it.POD_IP %>', '10.42.0.10'),
    );
    expect(result.issues).toEqual([]);
  });

  it('refuses a template without the meshrr login key (the agent could not log in)', () => {
    expect(() =>
      renderInitialConfig({
        config,
        inputs,
        template: { name: 'nokey.j2', text: 'system { host-name x; }\n', engine: 'jinja2' },
      }),
    ).toThrow(
      /^nokey\.j2: the rendered configuration has no "system login user meshrr authentication ssh-ed25519" statement/,
    );
  });

  it('the default templates carry the meshrr conventions', () => {
    for (const mode of ['ipv4rr', 'evpnrs'] as const) {
      const { text } = renderInitialConfig({ config: { ...config, mode }, inputs });
      expect(text).toContain(`                ssh-ed25519 "${TEST_SSH_KEY}"; ## SECRET-DATA\n`);
      expect(text).toContain('        encrypted-password "NOLOGIN"; ## SECRET-DATA\n');
      expect(text).toContain(
        '    services {\n        netconf {\n            /* Required for meshrr access */\n            ssh;\n',
      );
      expect(text).toContain('groups {\n    MESHRR {\n');
      expect(text.endsWith('}\napply-groups MESHRR;\n')).toBe(true);
      expect(text).not.toMatch(/\[\s*\]/);
      expect(text).not.toMatch(/type internal\n/);
    }
  });

  it('a route-server group without asranges in evpnrs mode is a reflector client, not an empty as-list (B6)', () => {
    const { text, issues } = renderInitialConfig({ config: { ...config, mode: 'evpnrs' }, inputs });
    expect(issues).toEqual([]);
    expect(text).not.toContain('as-list');
    expect(text).toContain(
      'group MESHRR-CLIENTS {\n                    type internal;\n                    cluster 10.42.0.10;\n',
    );
  });

  it('omits allow when a subtractive group has no prefixes (B7)', () => {
    const empty: MeshrrConfig = { ...config, groups: [{ kind: 'subtractive', name: 'C', prefixes: [], asRanges: [] }] };
    const { text, issues } = renderInitialConfig({ config: empty, inputs });
    expect(issues).toEqual([]);
    expect(text).not.toContain('allow');
  });
});

describe('engine selection', () => {
  it('chooses the engine by file name, then by content', () => {
    expect(templateEngineFor('juniper.conf.j2', '<%')).toBe('jinja2');
    expect(templateEngineFor('juniper.conf.eta', '{{')).toBe('eta');
    expect(templateEngineFor('juniper.conf', 'a <%= it.asn %>')).toBe('eta');
    expect(templateEngineFor('juniper.conf', 'a {{ asn }}')).toBe('jinja2');
  });

  it('ships both default templates', () => {
    expect(defaultTemplate('ipv4rr').text).toContain('family inet {');
    expect(defaultTemplate('evpnrs').text).toContain('family evpn {');
  });
});

describe('default templates write complete groups with every configured option', () => {
  const key = new Secret('k3y!Secret', '/k');
  const full = loadConfigOrThrow({
    text: `asn: "65000"
families: [ipv4-unicast, ipv6-unicast]
graceful_restart: { long_lived_stale_time_seconds: 3600 }
bgpgroups:
- name: MESH
  type: mesh
  source: { hostname: meshrr }
  family_transport: matching
  bfd: true
- name: CLIENTS
  type: subtractive
  prefixes: [10.0.0.0/8, fd00::/8]
  authentication: { key_file: /k }
  timers: { hold_seconds: 9 }
  max_prefixes: 100
- name: RS
  type: subtractive
  prefixes: [192.168.0.0/16]
  asranges: ["65001-65500"]
  transparent: true
  authentication: { method: tcp-ao, key_file: /k }
`,
    origin: 'full.yml',
  });
  const withKeys: MeshrrConfig = {
    ...full,
    groups: full.groups.map((g) =>
      g.bgp?.authentication ? { ...g, bgp: { ...g.bgp, authentication: { ...g.bgp.authentication, key } } } : g,
    ),
  };

  it.each(['ipv4rr', 'evpnrs'] as const)('%s: structurally sound, every statement present', (mode) => {
    const out = renderInitialConfig({ config: { ...withKeys, mode }, inputs });
    expect(out.issues).toEqual([]);
    for (const line of [
      'router-id 10.42.0.10;',
      'key-chain MESHRR-RS {',
      'secret "k3y!Secret";',
      'cryptographic-algorithm hmac-sha-1-96;',
      'restart-time 120;',
      'stale-routes-time 300;',
      'cluster 10.42.0.10;',
      'authentication-key "k3y!Secret";',
      'hold-time 9;',
      'route-server-client;',
      'multiplier 3;',
      'family inet6 {',
      'maximum 100;',
      'stale-time 3600;',
      'peer-as-list MESHRR:RS;',
      'allow [ 10.0.0.0/8 fd00::/8 ];',
    ])
      expect(out.text).toContain(line);
  });

  it('refuses to render a key that was not read', () => {
    expect(() => renderInitialConfig({ config: full, inputs })).toThrow(/has not been read/);
  });
});
