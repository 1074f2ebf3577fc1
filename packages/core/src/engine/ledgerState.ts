import { z } from 'zod';
import { MeshrrError } from '../api/errors.js';
import type { LedgerRemoval, RemovalLedger, SizeSample } from './removalLedger.js';

/** The version of the saved safety state this engine writes and reads. */
export const SAFETY_STATE_VERSION = 1;
/** The `kind` every saved safety state carries, so a stray file is not mistaken for one. */
const KIND = 'meshrr-safety-state';

/**
 * A saved safety state that cannot be used: not JSON, not meshrr's, of a version this engine does
 * not read, or with fields out of shape. The message says which. Code `safety-state`.
 */
export class SafetyStateError extends MeshrrError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('safety-state', message, options);
  }
}

const time = z.number().int().nonnegative();
const stateSchema = z
  .object({
    kind: z.literal(KIND),
    version: z.literal(SAFETY_STATE_VERSION),
    savedAt: time,
    removalLedger: z
      .object({
        removals: z.array(
          z.object({ group: z.string(), peer: z.string(), at: time, pending: z.literal(true).optional() }).strict(),
        ),
        sizes: z.record(z.string(), z.array(z.object({ at: time, size: z.number().int().nonnegative() }).strict())),
        exhaustedUntil: time.optional(),
      })
      .strict(),
  })
  .strict();

/** The saved text of `ledger` (versioned JSON, one line), written at `now`. */
export function encodeSafetyState(ledger: RemovalLedger, now: number): string {
  const state: z.input<typeof stateSchema> = {
    kind: KIND,
    version: SAFETY_STATE_VERSION,
    savedAt: now,
    removalLedger: {
      removals: ledger.removals.map((r) => ({ ...r })),
      sizes: Object.fromEntries([...ledger.sizes].map(([group, samples]) => [group, samples.map((s) => ({ ...s }))])),
      ...(ledger.exhaustedUntil === undefined ? {} : { exhaustedUntil: ledger.exhaustedUntil }),
    },
  };
  return `${JSON.stringify(state)}\n`;
}

/**
 * The ledger saved in `text`, read at `now`. A time after `now` (the clock went back, or the
 * file was edited) counts as `now`, and an exhaustion marker ends at most one window from `now`,
 * so a saved state can hold removals back for longer than a window but never forever.
 * @throws {SafetyStateError} when the text is not a safety state of {@link SAFETY_STATE_VERSION}.
 */
export function decodeSafetyState(text: string, now: number, windowMs: number): RemovalLedger {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SafetyStateError('is not JSON (corrupt or cut short)', { cause: error });
  }
  if (typeof raw !== 'object' || raw === null || (raw as { kind?: unknown }).kind !== KIND)
    throw new SafetyStateError(`is not a meshrr safety state (no "kind": "${KIND}")`);
  const version = (raw as { version?: unknown }).version;
  if (version !== SAFETY_STATE_VERSION)
    throw new SafetyStateError(
      `has version ${JSON.stringify(version)}; this agent reads version ${SAFETY_STATE_VERSION} only`,
    );
  const parsed = stateSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new SafetyStateError(`is malformed at ${first.path.join('.') || '(top)'}: ${first.message}`, {
      cause: parsed.error,
    });
  }
  const saved = parsed.data.removalLedger;
  const clamp = (at: number): number => Math.min(at, now);
  const removals: LedgerRemoval[] = saved.removals.map((r) => ({ ...r, at: clamp(r.at) }));
  const sizes = new Map<string, readonly SizeSample[]>(
    Object.entries(saved.sizes).map(([group, samples]) => [group, samples.map((s) => ({ ...s, at: clamp(s.at) }))]),
  );
  return saved.exhaustedUntil === undefined
    ? { removals, sizes }
    : { removals, sizes, exhaustedUntil: Math.min(saved.exhaustedUntil, now + windowMs) };
}
