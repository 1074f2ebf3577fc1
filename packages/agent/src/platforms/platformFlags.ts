import { InvalidArgumentError, Option } from 'commander';
import type { PlatformOptionOverride, PlatformOverrides } from '@meshrr/core';
import { integer } from '../cli/argParsers.js';
import { envVarFor } from '../cli/envFallback.js';
import { MESHRR_PATHS } from '../config/paths.js';

/** A flag that sets one option of one platform (kept from before platforms were pluggable). */
interface AliasFlag {
  readonly flags: string;
  /** commander's attribute name of the flag. */
  readonly attribute: string;
  readonly platform: string;
  readonly key: string;
  readonly help: string;
  readonly parse?: (value: string) => number;
}

/**
 * The platform flags of earlier releases, each now an alias of one platform option (documented in
 * the agent README). They have no commander defaults: the defaults live in the platforms' schemas,
 * so a flag left out never hides a value from `meshrr.conf.yml` or the environment.
 */
const ALIASES: readonly AliasFlag[] = [
  {
    flags: '--netconf-host <address>',
    attribute: 'netconfHost',
    platform: 'junos',
    key: 'host',
    help: 'Junos: NETCONF address (option host; default 127.0.0.1)',
  },
  {
    flags: '--netconf-port <port>',
    attribute: 'netconfPort',
    platform: 'junos',
    key: 'port',
    help: 'Junos: NETCONF port (option port; default 830)',
    parse: integer(1, 65535),
  },
  {
    flags: '--netconf-user <name>',
    attribute: 'netconfUser',
    platform: 'junos',
    key: 'username',
    help: 'Junos: login user (option username; default meshrr)',
  },
  {
    flags: '--ssh-key <file>',
    attribute: 'sshKey',
    platform: 'junos',
    key: 'ssh_key',
    help: `Junos: the agent's SSH private key (option ssh_key; default ${MESHRR_PATHS.sshKey})`,
  },
  {
    flags: '--host-key <policy>',
    attribute: 'hostKey',
    platform: 'junos',
    key: 'host_key',
    help: 'Junos: host key check: pin:<SHA256:…>, known-hosts:<file>, tofu:<file>, insecure-accept-any (option host_key; default tofu:/secret/ssh/crpd_host_key)',
  },
  {
    flags: '--frr-vty-dir <dir>',
    attribute: 'frrVtyDir',
    platform: 'frr',
    key: 'vty_dir',
    help: "FRR: vty socket directory, shared with FRR's run directory (option vty_dir; default /var/run/frr)",
  },
  {
    flags: '--frr-config <file>',
    attribute: 'frrConfig',
    platform: 'frr',
    key: 'config_file',
    help: 'FRR: integrated configuration file the agent manages (option config_file; default /etc/frr/frr.conf)',
  },
  {
    flags: '--vtysh <path>',
    attribute: 'vtysh',
    platform: 'frr',
    key: 'vtysh',
    help: 'FRR: vtysh binary (option vtysh; default /usr/bin/vtysh)',
  },
  {
    flags: '--frr-reload <path>',
    attribute: 'frrReload',
    platform: 'frr',
    key: 'frr_reload',
    help: 'FRR: frr-reload.py (option frr_reload; default /usr/lib/frr/frr-reload.py)',
  },
  {
    flags: '--frr-connect-retry <seconds>',
    attribute: 'frrConnectRetry',
    platform: 'frr',
    key: 'connect_retry_seconds',
    help: "FRR: connect-retry timer of meshrr's peer-groups (option connect_retry_seconds; default 5; FRR's own 120 s would delay re-peering)",
    parse: integer(1, 65535),
  },
  {
    flags: '--frr-listen-limit <n>',
    attribute: 'frrListenLimit',
    platform: 'frr',
    key: 'listen_limit',
    help: "FRR: bgp listen limit, the most dynamic (allow) neighbors (option listen_limit; default 10000; FRR's own 100 would cap client groups)",
    parse: integer(1, 65535),
  },
  {
    flags: '--frr-templates <dir>',
    attribute: 'frrTemplates',
    platform: 'frr',
    key: 'templates',
    help: 'FRR: operator policy templates (global.eta, bgp.eta, ipv4-unicast.eta, …) rendered into the managed frr.conf (option templates)',
  },
];

/** The environment fallbacks of the alias flags (`MESHRR_FRR_CONFIG` is `--frr-config`, not an option `config`). */
const FLAG_VARIABLES: readonly string[] = ALIASES.flatMap((alias) => envVarFor(new Option(alias.flags)) ?? []);

/** The platform flags as commander parses them. */
export interface PlatformFlags {
  readonly platform?: string;
  readonly platformOption?: readonly string[];
  readonly [alias: string]: unknown;
}

function keyValue(value: string, previous: readonly string[] | undefined): string[] {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*=/.test(value))
    throw new InvalidArgumentError('must be key=value (an option of the platform)');
  return [...(previous ?? []), value];
}

/**
 * The flags that choose and configure the routing daemon (run, plan, discover, validate, init,
 * render): `--platform`, `--platform-option key=value` (repeatable, any platform) and the alias
 * flags of `junos` and `frr`. `only` keeps just the aliases with those keys (init uses `ssh_key`).
 */
export function platformOptions(only?: readonly string[]): Option[] {
  return [
    new Option(
      '--platform <name>',
      'routing daemon beside the agent: junos (default), frr, or a plugin platform (env MESHRR_PLATFORM; file platform.name)',
    ),
    new Option(
      '--platform-option <key=value>',
      'an option of the platform (repeatable; env MESHRR_<PLATFORM>_<KEY>; file platform.<key>)',
    ).argParser(keyValue),
    ...ALIASES.filter((a) => only === undefined || only.includes(a.key)).map((alias) => {
      const option = new Option(alias.flags, alias.help);
      return alias.parse === undefined ? option : option.argParser(alias.parse);
    }),
  ];
}

/** Where commander took a flag's value from (`cli`, `env`, `default`), by attribute name. */
export type FlagSource = (attribute: string) => string | undefined;

/**
 * What the platform flags say, for `loadConfig` (`--platform-option` values stay strings). A value
 * that came from a flag's environment fallback (`MESHRR_NETCONF_HOST`) is attributed to that
 * variable; `--platform` from `MESHRR_PLATFORM` is left to `loadConfig`, which reads that variable itself.
 */
export function platformOverrides(flags: PlatformFlags, sourceOf: FlagSource = () => 'cli'): PlatformOverrides {
  const options: PlatformOptionOverride[] = [];
  for (const alias of ALIASES) {
    const value = flags[alias.attribute];
    if (value === undefined) continue;
    const fromEnvironment = sourceOf(alias.attribute) === 'env';
    const flag = alias.flags.split(' ')[0]!;
    const origin = fromEnvironment ? (envVarFor(new Option(alias.flags)) ?? flag) : flag;
    options.push({
      key: alias.key,
      value,
      origin,
      platform: alias.platform,
      ...(fromEnvironment ? { fromEnvironment } : {}),
    });
  }
  const optionFromEnvironment = sourceOf('platformOption') === 'env';
  for (const pair of flags.platformOption ?? []) {
    const at = pair.indexOf('=');
    const key = pair.slice(0, at);
    const origin = optionFromEnvironment ? 'MESHRR_PLATFORM_OPTION' : `--platform-option ${key}`;
    options.push({
      key,
      value: pair.slice(at + 1),
      origin,
      ...(optionFromEnvironment ? { fromEnvironment: true } : {}),
    });
  }
  const name = flags.platform !== undefined && sourceOf('platform') !== 'env' ? { name: flags.platform } : {};
  return { ...name, options, flagVariables: FLAG_VARIABLES };
}
