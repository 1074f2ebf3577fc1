import { describe, expect, it } from 'vitest';
import { junosEdits } from '../change/edits.js';
import { formatJunosSet } from '../change/formatSet.js';
import { formatJunosXml } from '../change/formatXml.js';
import { checkJunosText } from '../junos/check.js';
import { UPSTREAM_EXAMPLES, TEST_LICENSE, TEST_SSH_KEY, exampleConfig } from '../testing-support/examples.js';
import { expectGolden } from '../testing-support/golden.js';
import { desiredFor, diffManaged, initialManaged, managedOf } from '../testing-support/managed.js';
import { pythonJinja2Available, renderWithPythonJinja2 } from '../testing-support/python.js';
import { buildTemplateContext } from './context.js';
import { renderInitialConfig } from './initial.js';
import { renderJinjaTemplate } from './jinja.js';

const requireReal = process.env['MESHRR_REQUIRE_REAL_SERVERS'] === '1';
const hasPython = pythonJinja2Available();
if (!hasPython) {
  console.warn(
    'SKIPPING the Python Jinja2 reference comparison: python3 with jinja2 is not installed' +
      (requireReal ? ' (MESHRR_REQUIRE_REAL_SERVERS=1: failing)' : ''),
  );
}

const inputs = (podIp: string) => ({ podIp, licenseKey: TEST_LICENSE, sshPublicKey: TEST_SSH_KEY });

describe.each(UPSTREAM_EXAMPLES)('upstream example $id', (example) => {
  const config = exampleConfig(example);
  const context = buildTemplateContext(config, inputs(example.podIp));
  const meshrrVars = {
    POD_IP: context.POD_IP,
    LICENSE_KEY: context.LICENSE_KEY,
    encrypted_root_pw: context.encrypted_root_pw,
    asn: context.asn,
    bgpgroups_mesh: context.bgpgroups_mesh,
    bgpgroups_subtractive: context.bgpgroups_subtractive,
  };

  it('renders meshrr’s Jinja2 template with nunjucks exactly as Python Jinja2 does', () => {
    const ours = renderJinjaTemplate(example.jinja.text(), example.jinja.name, context);
    expectGolden(`${example.id}/jinja2-render.conf`, ours);
    if (!hasPython) {
      if (requireReal) throw new Error('python3 with jinja2 is required (MESHRR_REQUIRE_REAL_SERVERS=1)');
      return;
    }
    const reference = renderWithPythonJinja2(
      example.jinja.text(),
      JSON.parse(JSON.stringify(meshrrVars)) as Record<string, unknown>,
    );
    expect(ours).toBe(reference);
  });

  it('reports the upstream template’s structural faults (B5 missing ";", B6 empty as-list) by line', () => {
    const ours = renderJinjaTemplate(example.jinja.text(), example.jinja.name, context);
    const issues = checkJunosText(ours);
    const lines = ours.split('\n');
    const b5 = issues.filter((i) => i.code === 'unterminated-statement');
    expect(b5.length).toBeGreaterThan(0);
    for (const i of b5) expect(lines[i.line - 1]?.trim()).toBe('type internal');
    const meshGroups = config.groups.filter((g) => g.kind === 'mesh').length;
    expect(b5).toHaveLength(example.userTemplate ? 1 : meshGroups);
    const others = issues
      .filter((i) => i.code !== 'unterminated-statement')
      .map((i) => `${i.code}:${lines[i.line - 1]?.trim()}`);
    const emptyAsLists =
      example.jinja.name === 'juniper-evpnrs.conf.j2'
        ? config.groups
            .filter((g) => g.kind === 'subtractive' && g.asRanges.length === 0)
            .map((g) => `empty-list:as-list MESHRR:${g.name} members [ ];`)
        : [];
    expect(others).toEqual(emptyAsLists);
  });

  it('renders the initial juniper.conf (user Jinja2 template as written, else our default Eta)', () => {
    const result = renderInitialConfig({
      config,
      inputs: inputs(example.podIp),
      ...(example.userTemplate
        ? { template: { name: example.jinja.name, text: example.jinja.text(), engine: 'jinja2' as const } }
        : {}),
    });
    expectGolden(`${example.id}/juniper.conf`, result.text);
    expect(result.text).toContain(`ssh-ed25519 "${TEST_SSH_KEY}"; ## SECRET-DATA`);
    expect(result.text).not.toContain('TBD');
    if (example.userTemplate) {
      expect(result.engine).toBe('jinja2');
      expect(result.issues.map((i) => i.code)).toEqual(['unterminated-statement']);
    } else {
      expect(result.engine).toBe('eta');
      expect(result.issues).toEqual([]);
    }
  });

  it('renders the first managed change and a peer replacement (set and XML)', () => {
    const actual = initialManaged(config, example.podIp);
    const desired = desiredFor(config, example.podIp, example.neighbors);
    const first = { desired, actual, change: diffManaged(actual, desired) };
    expectGolden(`${example.id}/first-pass.set`, formatJunosSet(junosEdits(first)));
    expectGolden(`${example.id}/first-pass.xml`, formatJunosXml(junosEdits(first)));
    const { group, from, to } = example.replaced;
    const next = desiredFor(config, example.podIp, {
      ...example.neighbors,
      [group]: (example.neighbors[group] ?? []).map((n) => (n === from ? to : n)),
    });
    const replace = { desired: next, actual: managedOf(desired), change: diffManaged(managedOf(desired), next) };
    expectGolden(`${example.id}/replace-peer.set`, formatJunosSet(junosEdits(replace)));
    expectGolden(`${example.id}/replace-peer.xml`, formatJunosXml(junosEdits(replace)));
  });
});
