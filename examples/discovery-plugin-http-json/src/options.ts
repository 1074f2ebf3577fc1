import { z } from 'zod';

const httpUrl = z.string().refine(
  (text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  },
  { message: 'must be an http:// or https:// URL without user:password (use bearer_token_file for credentials)' },
);

/**
 * zod schema of the `source` keys of `sourcetype: http-json` (unknown keys are errors):
 * - `url` (required): http(s) URL answering `GET` with Prometheus HTTP SD JSON
 *   (`[{"targets": ["10.0.0.1", "[fd00::1]:179"], "labels": {"zone": "a"}}]`).
 * - `refresh_seconds`: polling period; default meshrr `UPDATE_SECONDS`. 1–86400.
 * - `timeout_seconds`: per-request timeout, default 10, at most 300.
 * - `bearer_token_file`: file whose content (trimmed) is sent as `Authorization: Bearer …`, read
 *   on every request so a rotated token is picked up; relative to the configuration file's directory.
 * - `max_response_bytes`: larger answers are failures (default 1 MiB, 1 KiB–64 MiB).
 */
export const httpJsonOptionsSchema = z.strictObject({
  url: httpUrl,
  refresh_seconds: z.number().min(1).max(86_400).optional(),
  timeout_seconds: z.number().positive().max(300).default(10),
  bearer_token_file: z.string().min(1, 'must be a non-empty path').optional(),
  max_response_bytes: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
});

/** The validated options of one `http-json` group (output of {@link httpJsonOptionsSchema}). */
export type HttpJsonOptions = z.output<typeof httpJsonOptionsSchema>;
