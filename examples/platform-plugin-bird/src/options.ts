import { isAbsolute } from 'node:path';
import { z } from 'zod';

/** An absolute path BIRD can also be told about in a CLI command (no quote, no line break). */
const path = z
  .string()
  .refine((p) => isAbsolute(p), { message: 'must be an absolute path' })
  .refine((p) => !/["\r\n]/.test(p), { message: 'must not contain a double quote or a line break' });

/** `"a.conf,b.conf"` from the environment or `--platform-option`; a list in the file. */
const pathList = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((p) => p.trim())
          .filter((p) => p !== '')
      : value,
  z.array(path),
);

const seconds = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Options of platform `bird` (the `platform:` block of meshrr.conf.yml, `MESHRR_BIRD_<OPTION>`,
 * `--platform-option key=value`). BIRD and the agent share the configuration directory and the
 * control socket (a pod's shared volumes), at the same paths.
 */
export const birdOptionsSchema = z
  .strictObject({
    /**
     * The configuration file BIRD runs from (`bird -c`). meshrr owns it whole and rewrites it on every
     * change; operator configuration goes into the `include` files. `meshrr init` writes the first one.
     */
    config_file: path.default('/etc/bird/bird.conf'),
    /** BIRD's control socket (`bird -s`): the agent speaks the birdc protocol over it. */
    control_socket: path.default('/run/bird/bird.ctl'),
    /**
     * Operator files included at the top of the managed file (filters, functions, kernel/static
     * protocols, timeformat…). Checked by `configure check` with every change.
     */
    include: pathList.default([]),
    /** `connect retry time` of meshrr's sessions; BIRD's own 120 s would delay re-peering. */
    connect_retry_seconds: seconds(1, 65535).default(5),
    /** `connect delay time`: wait before the first connect attempt (BIRD's default 5 s). */
    connect_delay_seconds: seconds(1, 65535).optional(),
    /**
     * `error wait time min,max`: after a session error BIRD refuses the peer (also its incoming
     * connections) for this long, doubling up to the maximum. BIRD's 60,300 would keep a restarted
     * peer out for a minute; meshrr's defaults are 5 and 60 seconds.
     */
    error_wait_min_seconds: seconds(1, 65535).default(5),
    error_wait_max_seconds: seconds(1, 65535).default(60),
    /** `hold time` (0 or 3–65535); BIRD's default is 240 s. */
    hold_time_seconds: z.coerce
      .number()
      .int()
      .refine((v) => v === 0 || (v >= 3 && v <= 65535), { message: 'must be 0 or 3–65535' })
      .optional(),
    /** `keepalive time` (1–65535); BIRD's default is a third of the hold time. */
    keepalive_seconds: seconds(1, 65535).optional(),
    /** `multihop` TTL of route-server (eBGP) sessions (meshrr's `multihop ttl 10`). */
    multihop_ttl: seconds(1, 255).default(10),
    /** Longest wait for one answer on the control socket. */
    command_timeout_seconds: seconds(1, 3600).default(30),
  })
  .refine((o) => o.error_wait_min_seconds <= o.error_wait_max_seconds, {
    path: ['error_wait_max_seconds'],
    message: 'must not be less than error_wait_min_seconds',
  });

/** Validated options of platform `bird`. */
export type BirdOptions = z.output<typeof birdOptionsSchema>;
