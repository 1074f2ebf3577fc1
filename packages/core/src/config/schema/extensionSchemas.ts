import { z } from 'zod';
import type { CommitConfig, QuiescenceConfig, SafetyConfig } from '../../api/config.js';
import { nullAsAbsent, strictMap } from './leaf.js';
import { booleanLeaf, integerLeaf, lineLeaf, numberLeaf, packageNameLeaf, secondsAsMsLeaf } from './leaves.js';

/** Defaults of `safety:`, as `MeshrrConfig.safety` holds them (milliseconds). */
export const DEFAULT_SAFETY: SafetyConfig = {
  maxRemovalShare: 0.5,
  minGroupPeers: 1,
  allowLargeRemovals: false,
  vanishedHoldDownMs: 30_000,
  sessionDownHoldDownMs: 120_000,
};
/** Defaults of `quiescence:` (milliseconds). */
export const DEFAULT_QUIESCENCE: QuiescenceConfig = { minMs: 500, maxMs: 5_000 };
/** Defaults of `commit:`. */
export const DEFAULT_COMMIT: CommitConfig = { confirmTimeoutS: 120, comment: 'meshrr', verifyMs: 5_000 };

function isUnique(names: readonly string[]): boolean {
  return new Set(names).size === names.length;
}

/** Junos `commit confirmed` accepts 1–65535 minutes. */
const MAX_CONFIRM_TIMEOUT_S = 65_535 * 60;

/** `safety:` (all keys optional; `null` or absent = every default). */
export const safetySchema = z.preprocess(
  nullAsAbsent,
  strictMap({
    max_removal_share: numberLeaf(0, 1).default(DEFAULT_SAFETY.maxRemovalShare).meta({
      default: DEFAULT_SAFETY.maxRemovalShare,
      description: "Largest share of a group's configured neighbors removed in one commit.",
    }),
    min_group_peers: integerLeaf(0).default(DEFAULT_SAFETY.minGroupPeers).meta({
      default: DEFAULT_SAFETY.minGroupPeers,
      description: 'A mesh group never shrinks below this by removal.',
    }),
    allow_large_removals: booleanLeaf
      .default(DEFAULT_SAFETY.allowLargeRemovals)
      .meta({ default: DEFAULT_SAFETY.allowLargeRemovals, description: 'Lift the two limits above.' }),
    vanished_hold_down_seconds: secondsAsMsLeaf.default(DEFAULT_SAFETY.vanishedHoldDownMs).meta({
      default: DEFAULT_SAFETY.vanishedHoldDownMs / 1000,
      description: 'Seconds: a peer that vanished from discovery is removed only after this long.',
    }),
    session_down_hold_down_seconds: secondsAsMsLeaf.default(DEFAULT_SAFETY.sessionDownHoldDownMs).meta({
      default: DEFAULT_SAFETY.sessionDownHoldDownMs / 1000,
      description: 'Seconds: a selected `max_peers` peer whose session stays down this long is replaced.',
    }),
  })
    .transform((raw): SafetyConfig => ({
      maxRemovalShare: raw.max_removal_share,
      minGroupPeers: raw.min_group_peers,
      allowLargeRemovals: raw.allow_large_removals,
      vanishedHoldDownMs: raw.vanished_hold_down_seconds,
      sessionDownHoldDownMs: raw.session_down_hold_down_seconds,
    }))
    .prefault({}),
);

/** `quiescence:`; `min_seconds ≤ max_seconds` is checked by `checkCrossFields`. */
export const quiescenceSchema = z.preprocess(
  nullAsAbsent,
  strictMap({
    min_seconds: secondsAsMsLeaf.default(DEFAULT_QUIESCENCE.minMs).meta({
      default: DEFAULT_QUIESCENCE.minMs / 1000,
      description: 'Seconds to wait after the last discovery change before reconciling…',
    }),
    max_seconds: secondsAsMsLeaf.default(DEFAULT_QUIESCENCE.maxMs).meta({
      default: DEFAULT_QUIESCENCE.maxMs / 1000,
      description:
        '…but never longer than this many seconds after the first pending change. `min_seconds` ≤ `max_seconds`.',
    }),
  })
    .transform((raw): QuiescenceConfig => ({ minMs: raw.min_seconds, maxMs: raw.max_seconds }))
    .prefault({}),
);

/** `commit:`; `verify_seconds < confirm_timeout_seconds` is checked by `checkCrossFields`. */
export const commitSchema = z.preprocess(
  nullAsAbsent,
  strictMap({
    confirm_timeout_seconds: integerLeaf(1, MAX_CONFIRM_TIMEOUT_S).default(DEFAULT_COMMIT.confirmTimeoutS).meta({
      default: DEFAULT_COMMIT.confirmTimeoutS,
      description: 'Commit-confirmed timeout in seconds (Junos counts whole minutes, up to 65535).',
    }),
    comment: lineLeaf(255)
      .default(DEFAULT_COMMIT.comment)
      .meta({ default: DEFAULT_COMMIT.comment, description: 'Commit log comment: one line, at most 255 characters.' }),
    verify_seconds: secondsAsMsLeaf.default(DEFAULT_COMMIT.verifyMs).meta({
      default: DEFAULT_COMMIT.verifyMs / 1000,
      description:
        'Seconds untouched sessions must stay up before confirming. Must be less than `confirm_timeout_seconds`.',
    }),
  })
    .transform((raw): CommitConfig => ({
      confirmTimeoutS: raw.confirm_timeout_seconds,
      comment: raw.comment,
      verifyMs: raw.verify_seconds,
    }))
    .prefault({}),
);

/** `plugins:` npm package names, each at most once. */
export const pluginsSchema = z.preprocess(
  nullAsAbsent,
  z
    .array(packageNameLeaf, { error: 'must be a list of npm package names' })
    .refine(isUnique, { error: 'must not name a package twice' })
    .default([]),
);

/**
 * `platform:` (`name` and the platform's options). Only its shape is known here; `selectPlatform`
 * checks the name and validates the options with the selected platform's own schema.
 */
export const platformBlockSchema = z.unknown().optional();
