import { z } from 'zod';
import { MESHRR_PATHS } from '../../config/paths.js';
import { HOST_KEY_FORMS, parseHostKeyPolicy } from '../hostKeyPolicy.js';

/** The default `host_key`: trust cRPD's key on first use and pin it in a file (meshrr's Secret volume). */
export const DEFAULT_HOST_KEY = 'tofu:/secret/ssh/crpd_host_key';

/**
 * Options of platform `junos` (cRPD over NETCONF/SSH). Every default is meshrr's: cRPD in the same
 * pod on 127.0.0.1:830, user `meshrr`, the key `meshrr init` generates.
 */
export const junosOptionsSchema = z.strictObject({
  /** NETCONF address of cRPD (`--netconf-host`). */
  host: z.string().min(1).default('127.0.0.1'),
  /** NETCONF port (`--netconf-port`). */
  port: z.coerce.number().int().min(1).max(65535).default(830),
  /** Login user (`--netconf-user`). */
  username: z.string().min(1).default('meshrr'),
  /** The agent's ed25519 private key; `meshrr init` creates it and puts its public half into juniper.conf (`--ssh-key`). */
  ssh_key: z.string().min(1).default(MESHRR_PATHS.sshKey),
  /** Host-key check (`--host-key`): pin:<SHA256:…>, known-hosts:<file>, tofu:<file> or insecure-accept-any. */
  host_key: z
    .string()
    .refine((value) => parseHostKeyPolicy(value) !== undefined, { message: `must be ${HOST_KEY_FORMS}` })
    .default(DEFAULT_HOST_KEY),
  /** Where `meshrr init` writes cRPD's configuration (shared with cRPD). */
  initial_config: z.string().min(1).default(MESHRR_PATHS.juniperConf),
});

/** Validated options of platform `junos`. */
export type JunosOptions = z.output<typeof junosOptionsSchema>;
