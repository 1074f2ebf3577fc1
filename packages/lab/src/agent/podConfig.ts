import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CLUSTER_ZONE } from '../dns/bindServer.js';
import { splitFrrPolicy } from '../frr/policyTemplates.js';

/**
 * The resolv.conf of a pod in `namespace` whose cluster DNS is `dnsAddress`: the Kubernetes search
 * list and `ndots:5`, so short service names resolve as in a pod.
 */
export function podResolvConf(namespace: string, dnsAddress: string): string {
  return [
    `nameserver ${dnsAddress}`,
    `search ${namespace}.svc.${CLUSTER_ZONE} svc.${CLUSTER_ZONE} ${CLUSTER_ZONE}`,
    'options ndots:5 timeout:1 attempts:2',
    '',
  ].join('\n');
}

function withLabResolver(group: unknown, resolvConf: string): unknown {
  if (typeof group !== 'object' || group === null) return group;
  const source = (group as { source?: unknown }).source;
  if (typeof source !== 'object' || source === null) return group;
  const options = source as Record<string, unknown>;
  const type = typeof options['sourcetype'] === 'string' ? options['sourcetype'].toLowerCase() : 'dns';
  if (type !== 'dns' || 'nameservers' in options || 'resolv_conf' in options) return group;
  return { ...group, source: { ...options, resolv_conf: resolvConf } };
}

/** `value` with every string equal to a key of `paths` replaced by its value, at any depth. */
function withPaths(value: unknown, paths: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return paths.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v: unknown) => withPaths(v, paths));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPaths(v, paths)]));
}

/**
 * Copies the group's mounted Secrets into `<dir>/secrets/` (mode 0600, one file each, named by
 * position) and returns pod path → copy.
 */
function mountSecrets(dir: string, secrets: Readonly<Record<string, string>>): Map<string, string> {
  const entries = Object.entries(secrets);
  if (entries.length === 0) return new Map();
  const out = join(dir, 'secrets');
  mkdirSync(out, { recursive: true, mode: 0o700 });
  return new Map(
    entries.map(([podPath, content], i) => {
      const copy = join(out, `secret-${i}`);
      writeFileSync(copy, content, { mode: 0o600 });
      chmodSync(copy, 0o600);
      return [podPath, copy];
    }),
  );
}

/**
 * Writes `<dir>/resolv.conf` (see {@link podResolvConf}) and the pod's meshrr.conf.yml
 * ({@link podConfigFile}, published as a ConfigMap volume: {@link publishConfigMap}): the group's
 * configuration where every DNS source without its own `nameservers`/`resolv_conf` reads that
 * resolv.conf, so the agent resolves against the lab DNS like a pod against CoreDNS, and where every
 * value naming a mounted Secret's pod path (`secrets`: pod path → content) names the pod's private
 * copy of it under `<dir>/secrets/` instead (the lab's stand-in for a Secret volume).
 */
export function writePodConfig(
  dir: string,
  meshrr: Readonly<Record<string, unknown>>,
  namespace: string,
  dnsAddress: string,
  secrets: Readonly<Record<string, string>> = {},
): void {
  const resolvConf = join(dir, 'resolv.conf');
  writeFileSync(resolvConf, podResolvConf(namespace, dnsAddress));
  const groups = meshrr['bgpgroups'];
  const config = Array.isArray(groups)
    ? { ...meshrr, bgpgroups: groups.map((g: unknown) => withLabResolver(g, resolvConf)) }
    : meshrr;
  publishConfigMap(dir, stringify(withPaths(config, mountSecrets(dir, secrets))));
}

/** The directory a pod's meshrr.conf.yml is mounted in, laid out as a ConfigMap volume (`<dir>/meshrr-conf`). */
export function podConfigDir(dir: string): string {
  return join(dir, 'meshrr-conf');
}

/** The pod's meshrr.conf.yml (`<dir>/meshrr-conf/meshrr.conf.yml`, a symlink into `..data/`), what the agent's `--config` names. */
export function podConfigFile(dir: string): string {
  return join(podConfigDir(dir), 'meshrr.conf.yml');
}

/**
 * Publishes `text` as the pod's meshrr.conf.yml the way the kubelet writes and updates a ConfigMap
 * volume mounted as a directory: the content goes into a new hidden version directory
 * (`..v<n>/meshrr.conf.yml`), a symlink `..data_tmp → ..v<n>` is renamed over `..data` (one atomic
 * swap), `meshrr.conf.yml → ..data/meshrr.conf.yml` exists from the first version on, and the
 * previous version directory is removed. A reader of `meshrr.conf.yml` sees the old or the new file,
 * never a partial one.
 */
export function publishConfigMap(dir: string, text: string): void {
  const mount = podConfigDir(dir);
  mkdirSync(mount, { recursive: true });
  const old = readdirSync(mount).filter((name) => /^\.\.v\d+$/.test(name));
  const version = `..v${1 + old.reduce((last, name) => Math.max(last, Number(name.slice(3))), 0)}`;
  mkdirSync(join(mount, version));
  writeFileSync(join(mount, version, 'meshrr.conf.yml'), text, { mode: 0o644 });
  rmSync(join(mount, '..data_tmp'), { force: true });
  symlinkSync(version, join(mount, '..data_tmp'));
  renameSync(join(mount, '..data_tmp'), join(mount, '..data'));
  if (!existsSync(podConfigFile(dir))) symlinkSync(join('..data', 'meshrr.conf.yml'), podConfigFile(dir));
  for (const name of old) rmSync(join(mount, name), { recursive: true, force: true });
}

/** meshrr group names of a meshrr.conf.yml object (`bgpgroups[].name`). */
function groupNames(meshrr: Readonly<Record<string, unknown>>): string[] {
  const groups = meshrr['bgpgroups'];
  if (!Array.isArray(groups)) return [];
  return groups.flatMap((g: unknown) => {
    const name = typeof g === 'object' && g !== null ? (g as { name?: unknown }).name : undefined;
    return typeof name === 'string' ? [name] : [];
  });
}

/** Lines every lab router's `router bgp` gets through the bgp template: the lab's fast timers. */
export const LAB_BGP_LINES: readonly string[] = ['timers bgp 3 9'];

/**
 * Writes the group's FRR policy as render-frr operator templates into `<dir>/frr-templates/`:
 * `global.eta`, `bgp.eta` (always: {@link LAB_BGP_LINES} first) and one `<family>.eta` per address
 * family that has lines (only files with content). The agent renders them into its complete `frr.conf` when pointed there (see README).
 * Returns the directory.
 */
export function writePolicyTemplates(dir: string, meshrr: Readonly<Record<string, unknown>>, policy: string): string {
  const templates = splitFrrPolicy(policy, groupNames(meshrr));
  const out = join(dir, 'frr-templates');
  mkdirSync(out, { recursive: true });
  const bgp = `${LAB_BGP_LINES.join('\n')}\n${templates.bgp}`;
  const files: [string, string][] = [
    ['global', templates.global],
    ['bgp', bgp],
    ...Object.entries(templates.addressFamily),
  ];
  for (const [name, text] of files) if (text !== '') writeFileSync(join(out, `${name}.eta`), text);
  return out;
}
