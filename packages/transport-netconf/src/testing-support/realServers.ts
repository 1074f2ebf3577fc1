import { existsSync } from 'node:fs';

/** True when CI demands real servers (`MESHRR_REQUIRE_REAL_SERVERS=1`): missing prerequisites must fail, not skip. */
export const REQUIRE_REAL_SERVERS = process.env['MESHRR_REQUIRE_REAL_SERVERS'] === '1';

/**
 * Why tests needing `binaries` (absolute paths) and, with `needRoot`, root cannot run here —
 * `undefined` when they can. Prints a loud skip notice; throws instead when
 * {@link REQUIRE_REAL_SERVERS} is set.
 */
export function missingPrerequisite(what: string, binaries: readonly string[], needRoot: boolean): string | undefined {
  const missing = binaries.filter((b) => !existsSync(b));
  const reasons = [
    ...(needRoot && process.getuid?.() !== 0 ? ['not running as root'] : []),
    ...missing.map((b) => `${b} not installed`),
  ];
  if (reasons.length === 0) return undefined;
  const message = `${what}: ${reasons.join(', ')}`;
  if (REQUIRE_REAL_SERVERS) throw new Error(`MESHRR_REQUIRE_REAL_SERVERS=1 but ${message}`);
  console.warn(`\n!!! SKIPPING ${message} !!!\n`);
  return message;
}
