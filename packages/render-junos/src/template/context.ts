import type { BgpGroupConfig, MeshrrConfig, MeshrrMode } from '@meshrr/core';
import { JunosValueError } from '../errors.js';
import { junosQuote } from '../junos/quote.js';
import { asRangeText, validAddress, validGroupName, validPrefix } from '../junos/values.js';
import { PyDict, PyList } from './pyValues.js';
import { strictRecord } from './strict.js';
import { junosTemplateHelpers, type JunosTemplateHelpers } from './junosHelpers.js';

/** Per-pod values of the initial configuration (meshrr `POD_IP`, `LICENSE_KEY`, the generated key). */
export interface TemplateInputs {
  /** meshrr `POD_IP`: this router's address, its router-id (and per-pod cluster id). */
  readonly podIp: string;
  /** meshrr `LICENSE_KEY`: the single-line cRPD licence. */
  readonly licenseKey: string;
  /** OpenSSH public key line of the agent's login (`ssh-ed25519 AAAA… [comment]`). */
  readonly sshPublicKey: string;
}

/**
 * What templates see. meshrr's own variables (`POD_IP`, `LICENSE_KEY`, `encrypted_root_pw`, `asn`,
 * `bgpgroups_mesh`, `bgpgroups_subtractive` — dicts name → group fields without `name`, as meshrr
 * builds them) plus extensions: `ssh_public_key`, `mode`, `groups` (every group in file order,
 * with `name`) and `quote` (Junos string quoting).
 */
export interface MeshrrTemplateContext extends JunosTemplateHelpers {
  readonly POD_IP: string;
  /** The BGP router-id (= `POD_IP` when it is IPv4; see `loadRouterIdentity`). */
  readonly ROUTER_ID: string;
  readonly LICENSE_KEY: string;
  readonly encrypted_root_pw: string;
  readonly asn: string;
  readonly bgpgroups_mesh: PyDict;
  readonly bgpgroups_subtractive: PyDict;
  readonly ssh_public_key: string;
  readonly mode: MeshrrMode;
  readonly groups: PyList<PyDict>;
  readonly quote: (value: string) => string;
}

const GROUP_FIELDS = new Set(['name', 'type', 'source', 'max_peers', 'prefixes', 'asranges']);
const SSH_KEY = /^ssh-ed25519 [A-Za-z0-9+/]+={0,2}( [\x21-\x7e][\x20-\x7e]*)?$/;

/** Rejects what cannot sit inside a Junos quoted string or comment as written by a template. */
function plainText(value: string, what: string): string {
  junosQuote(value, what);
  if (/["\\]/.test(value) || value.includes('*/')) throw new JunosValueError(what, 'must not contain ", \\ or */');
  return value;
}

function pyValue(value: unknown, path: string): unknown {
  if (typeof value === 'string') return plainText(value, path);
  if (Array.isArray(value)) return PyList.from(value.map((v, i) => pyValue(v, `${path}[${i}]`)));
  if (value !== null && typeof value === 'object') {
    return PyDict.of(Object.entries(value).map(([k, v]) => [k, pyValue(v, `${path}.${k}`)] as const));
  }
  return value;
}

function groupFields(group: BgpGroupConfig, path: string): PyDict {
  if (group.kind === 'mesh') {
    const source = pyValue(
      { sourcetype: group.source.sourcetype, ...group.source.options },
      `${path}.source`,
    ) as PyDict;
    const fields: [string, unknown][] = [
      ['type', 'mesh'],
      ['source', source],
    ];
    if (group.maxPeers !== undefined) fields.push(['max_peers', group.maxPeers]);
    return strictRecord(PyDict.of(fields), path, GROUP_FIELDS);
  }
  const fields: [string, unknown][] = [
    ['type', 'subtractive'],
    ['prefixes', PyList.from(group.prefixes.map((p) => validPrefix(p, `${path}.prefixes`)))],
  ];
  if (group.asRanges.length > 0) fields.push(['asranges', PyList.from(group.asRanges.map(asRangeText))]);
  return strictRecord(PyDict.of(fields), path, GROUP_FIELDS);
}

/**
 * Builds the template context from a validated configuration and the pod's values. Validates every
 * value that reaches the text: `podIp` an IP literal, `licenseKey` and `encryptedRootPw` free of
 * quotes, backslashes and control characters, `sshPublicKey` an `ssh-ed25519` key line, group
 * names of the fixed grammar, prefixes canonical. Throws {@link JunosValueError} naming the field.
 * Reading an unknown group or field inside a template throws instead of rendering nothing.
 */
export function buildTemplateContext(config: MeshrrConfig, inputs: TemplateInputs): MeshrrTemplateContext {
  const podIp = validAddress(inputs.podIp, 'POD_IP');
  if (inputs.licenseKey === '') throw new JunosValueError('LICENSE_KEY', 'is empty (meshrr requires it)');
  const licenseKey = plainText(inputs.licenseKey, 'LICENSE_KEY');
  if (!SSH_KEY.test(inputs.sshPublicKey))
    throw new JunosValueError('SSH public key', 'must be one line "ssh-ed25519 <base64> [comment]"');
  const asn = config.asn.text;
  if (!/^[0-9]+(\.[0-9]+)?$/.test(asn))
    throw new JunosValueError(`asn ${JSON.stringify(asn)}`, 'must be asplain or asdot digits');
  const mesh: [string, unknown][] = [];
  const subtractive: [string, unknown][] = [];
  const groups: PyDict[] = [];
  for (const group of config.groups) {
    const name = validGroupName(group.name);
    const target = group.kind === 'mesh' ? mesh : subtractive;
    const fields = groupFields(group, `bgpgroups_${group.kind}[${JSON.stringify(name)}]`);
    target.push([name, fields]);
    groups.push(
      strictRecord(
        PyDict.of([['name', name], ...Object.entries(fields)]),
        `groups[${JSON.stringify(name)}]`,
        GROUP_FIELDS,
      ),
    );
  }
  return strictRecord(
    {
      POD_IP: podIp,
      ROUTER_ID: podIp,
      ...junosTemplateHelpers(config, podIp),
      LICENSE_KEY: licenseKey,
      encrypted_root_pw: plainText(config.encryptedRootPw, 'encrypted_root_pw'),
      asn,
      bgpgroups_mesh: strictRecord(PyDict.of(mesh), 'bgpgroups_mesh'),
      bgpgroups_subtractive: strictRecord(PyDict.of(subtractive), 'bgpgroups_subtractive'),
      ssh_public_key: inputs.sshPublicKey,
      mode: config.mode,
      groups: PyList.from(groups),
      quote: (value: string) => junosQuote(value),
    },
    'it',
  );
}
