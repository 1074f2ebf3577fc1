import { z } from 'zod';
import { checkPeerAddress } from '../../net/addressPolicy.js';

const addressSchema = z.string().transform((text, ctx) => {
  const check = checkPeerAddress(text.trim());
  if (check.ok) return check.address;
  ctx.addIssue({ code: 'custom', message: `must be a unicast IP address literal: ${check.reason}` });
  return z.NEVER;
});

/**
 * Options of `sourcetype: static`: exactly one of `addresses` (a list of unicast IP literals,
 * possibly empty: an authoritative empty set) or `file` (a path, relative to the configuration
 * file's directory, to a list with one address per line, `#` comments and blank lines).
 */
export const staticOptionsSchema = z
  .strictObject({
    addresses: z.array(addressSchema).optional(),
    file: z.string().min(1, 'must be a non-empty path').optional(),
  })
  .superRefine((value, ctx) => {
    if ((value.addresses === undefined) === (value.file === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'give exactly one of addresses (a list of IP addresses) or file (a path to a list)',
      });
    }
  })
  .transform((value): StaticSourceOptions =>
    value.file !== undefined ? { file: value.file } : { addresses: value.addresses ?? [] },
  );

/** Validated static source options. */
export type StaticSourceOptions = { readonly addresses: readonly string[] } | { readonly file: string };
