import { z } from 'zod';

/**
 * Options of platform `frr` (FRR through `vtysh` and `frr-reload.py` on its vty sockets). The
 * defaults are Debian's FRR layout.
 */
export const frrOptionsSchema = z.strictObject({
  /** vty socket directory, shared with FRR's run directory (`--frr-vty-dir`). */
  vty_dir: z.string().min(1).default('/var/run/frr'),
  /** The integrated configuration file the agent manages (`--frr-config`); `meshrr init` writes it. */
  config_file: z.string().min(1).default('/etc/frr/frr.conf'),
  /** vtysh binary (`--vtysh`). */
  vtysh: z.string().min(1).default('/usr/bin/vtysh'),
  /** frr-reload.py (`--frr-reload`). */
  frr_reload: z.string().min(1).default('/usr/lib/frr/frr-reload.py'),
  /**
   * Operator policy as render-frr Eta templates (`global.eta`, `bgp.eta`, `<family>.eta`), rendered
   * into the managed frr.conf (`--frr-templates`). The file meshrr applies is authoritative, so
   * route-maps and communities must come from here.
   */
  templates: z.string().min(1).optional(),
  /** `timers connect` of meshrr's peer-groups; FRR's own 120 s would delay re-peering (`--frr-connect-retry`). */
  connect_retry_seconds: z.coerce.number().int().min(1).max(65535).default(5),
  /**
   * `bgp listen limit`: the most dynamic (listen-range) neighbors, i.e. route-reflector clients and
   * route-server clients together. FRR's own default of 100 would cap a large client group.
   */
  listen_limit: z.coerce.number().int().min(1).max(65535).default(10_000),
});

/** Validated options of platform `frr`. */
export type FrrOptions = z.output<typeof frrOptionsSchema>;
