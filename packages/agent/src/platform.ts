import { Option } from 'commander';
import type { ContainerModule } from 'inversify';
import { integer } from './cli/argParsers.js';
import { CliError } from './cli/io.js';
import { MESHRR_PATHS } from './config/paths.js';

/** How the agent reaches cRPD/Junos: NETCONF over SSH (defaults are meshrr's). */
export interface JunosPlatformSettings {
  readonly platform: 'junos';
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly privateKeyPath: string;
  /** `pin:<SHA256 fingerprint>`, `known-hosts:<file>`, `tofu:<file>` or `insecure-accept-any`. */
  readonly hostKey: string;
}

/** How the agent reaches FRR: its vty socket directory and integrated configuration file. */
export interface FrrPlatformSettings {
  readonly platform: 'frr';
  readonly vtyDir: string;
  readonly configFile: string;
  readonly vtysh: string;
  readonly frrReload: string;
  /**
   * Operator policy as render-frr Eta templates (`global.eta`, `bgp.eta`, `<family>.eta`). The file
   * meshrr applies is authoritative — frr-reload removes what it does not contain — so route-maps
   * and communities must come from here.
   */
  readonly templatesDir?: string;
  /** `neighbor <group> timers connect N` on every managed peer-group (FRR's own default is 120 s). */
  readonly connectRetrySeconds: number;
}

/** The routing daemon beside the agent. */
export type PlatformSettings = JunosPlatformSettings | FrrPlatformSettings;

/** The platform flags as commander parses them. */
export interface PlatformFlags {
  readonly platform?: string;
  readonly netconfHost: string;
  readonly netconfPort: number;
  readonly netconfUser: string;
  readonly sshKey: string;
  readonly hostKey: string;
  readonly frrVtyDir: string;
  readonly frrConfig: string;
  readonly vtysh: string;
  readonly frrReload: string;
  readonly frrTemplates?: string;
  readonly frrConnectRetry: number;
}

/** The flags that choose and reach the routing daemon (shared by run, plan and discover). */
export function platformOptions(): Option[] {
  return [
    new Option('--platform <name>', 'routing daemon beside the agent (env MESHRR_PLATFORM)').choices(['junos', 'frr']),
    new Option('--netconf-host <address>', 'Junos: NETCONF address').default('127.0.0.1'),
    new Option('--netconf-port <port>', 'Junos: NETCONF port').default(830).argParser(integer(1, 65535)),
    new Option('--netconf-user <name>', 'Junos: login user').default('meshrr'),
    new Option('--ssh-key <file>', 'Junos: SSH private key').default(MESHRR_PATHS.sshKey),
    new Option(
      '--host-key <policy>',
      'Junos: host key check: pin:<SHA256:…>, known-hosts:<file>, tofu:<file>, insecure-accept-any',
    ).default('tofu:/secret/ssh/crpd_host_key'),
    new Option('--frr-vty-dir <dir>', "FRR: vty socket directory (shared with FRR's run directory)").default(
      '/var/run/frr',
    ),
    new Option('--frr-config <file>', 'FRR: integrated configuration file the agent manages').default(
      '/etc/frr/frr.conf',
    ),
    new Option('--vtysh <path>', 'FRR: vtysh binary').default('/usr/bin/vtysh'),
    new Option('--frr-reload <path>', 'FRR: frr-reload.py').default('/usr/lib/frr/frr-reload.py'),
    new Option(
      '--frr-connect-retry <seconds>',
      "FRR: connect-retry timer of meshrr's peer-groups (FRR's 120 s default would delay re-peering)",
    )
      .default(5)
      .argParser(integer(1, 65535)),
    new Option(
      '--frr-templates <dir>',
      'FRR: operator policy templates (global.eta, bgp.eta, ipv4-unicast.eta, …), rendered into the managed frr.conf',
    ),
  ];
}

/** The NETCONF host-key policy a `--host-key` value names (see {@link platformOptions}). */
export type HostKeyPolicyChoice =
  | { readonly kind: 'fingerprint'; readonly sha256: string }
  | { readonly kind: 'known-hosts'; readonly path: string }
  | { readonly kind: 'trust-on-first-use'; readonly path: string }
  | { readonly kind: 'accept-any' };

/** Parses `pin:<SHA256:…>`, `known-hosts:<file>`, `tofu:<file>` or `insecure-accept-any`. */
export function hostKeyPolicy(value: string): HostKeyPolicyChoice {
  const colon = value.indexOf(':');
  const kind = colon < 0 ? value : value.slice(0, colon);
  const arg = colon < 0 ? '' : value.slice(colon + 1);
  if (kind === 'insecure-accept-any' && arg === '') return { kind: 'accept-any' };
  if (arg !== '') {
    if (kind === 'pin') return { kind: 'fingerprint', sha256: arg };
    if (kind === 'known-hosts') return { kind: 'known-hosts', path: arg };
    if (kind === 'tofu') return { kind: 'trust-on-first-use', path: arg };
  }
  throw new CliError(
    `--host-key ${JSON.stringify(value)}: use pin:<SHA256:fingerprint>, known-hosts:<file>, tofu:<file> or insecure-accept-any`,
  );
}

/** Platform settings from the flags (`--platform`, else `MESHRR_PLATFORM`, else junos). */
export function platformSettings(
  flags: PlatformFlags,
  env: Readonly<Record<string, string | undefined>>,
): PlatformSettings {
  const name = flags.platform ?? env['MESHRR_PLATFORM'] ?? 'junos';
  if (name === 'frr') {
    if (!Number.isInteger(flags.frrConnectRetry) || flags.frrConnectRetry < 1 || flags.frrConnectRetry > 65535)
      throw new CliError('--frr-connect-retry must be an integer from 1 to 65535');
    return {
      platform: 'frr',
      vtyDir: flags.frrVtyDir,
      configFile: flags.frrConfig,
      vtysh: flags.vtysh,
      frrReload: flags.frrReload,
      connectRetrySeconds: flags.frrConnectRetry,
      ...(flags.frrTemplates === undefined ? {} : { templatesDir: flags.frrTemplates }),
    };
  }
  if (name !== 'junos') throw new CliError(`MESHRR_PLATFORM=${name} is not a platform: use junos or frr`);
  if (!Number.isInteger(flags.netconfPort) || flags.netconfPort < 1 || flags.netconfPort > 65535)
    throw new CliError('--netconf-port must be an integer from 1 to 65535');
  hostKeyPolicy(flags.hostKey);
  return {
    platform: 'junos',
    host: flags.netconfHost,
    port: flags.netconfPort,
    username: flags.netconfUser,
    privateKeyPath: flags.sshKey,
    hostKey: flags.hostKey,
  };
}

/**
 * The platform's renderer module and, unless `withTransport` is false (dry-run), its transport
 * module. Packages are imported on demand so an FRR agent never loads ssh2 and a Junos agent never
 * loads the FRR code.
 */
export async function platformModules(
  settings: PlatformSettings,
  withTransport: boolean,
): Promise<{ renderer: ContainerModule; transport?: ContainerModule }> {
  if (settings.platform === 'frr') {
    const { frrRendererModule, readFrrTemplateDir } = await import('@meshrr/render-frr');
    const renderer = frrRendererModule({
      connectRetryS: settings.connectRetrySeconds,
      ...(settings.templatesDir === undefined ? {} : { templates: readFrrTemplateDir(settings.templatesDir) }),
    });
    if (!withTransport) return { renderer };
    const { frrTransportModule } = await import('@meshrr/transport-frr');
    return {
      renderer,
      transport: frrTransportModule({
        vtyDir: settings.vtyDir,
        configFile: settings.configFile,
        vtysh: settings.vtysh,
        frrReload: settings.frrReload,
      }),
    };
  }
  const { junosRendererModule } = await import('@meshrr/render-junos');
  const renderer = junosRendererModule();
  if (!withTransport) return { renderer };
  const { netconfTransportModule } = await import('@meshrr/transport-netconf');
  return {
    renderer,
    transport: netconfTransportModule({
      host: settings.host,
      port: settings.port,
      username: settings.username,
      privateKeyPath: settings.privateKeyPath,
      hostKey: hostKeyPolicy(settings.hostKey),
    }),
  };
}
