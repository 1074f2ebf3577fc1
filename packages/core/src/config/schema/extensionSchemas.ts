import { z } from 'zod';
import type { CommitConfig, QuiescenceConfig, SafetyConfig, SelectionConfig } from '../../api/config.js';
import { nullAsAbsent, strictMap } from './leaf.js';
import {
  booleanLeaf,
  integerLeaf,
  lineLeaf,
  numberLeaf,
  packageNameLeaf,
  secondsAsMsLeaf,
  secondsAtLeastLeaf,
} from './leaves.js';

/** Defaults of `safety:`, as `MeshrrConfig.safety` holds them (milliseconds). */
export const DEFAULT_SAFETY: SafetyConfig = {
  maxRemovalShare: 0.5,
  removalWindowMs: 300_000,
  minGroupPeers: 1,
  allowLargeRemovals: false,
  vanishedHoldDownMs: 30_000,
};
/** Defaults of `selection:` (milliseconds). */
export const DEFAULT_SELECTION: SelectionConfig = {
  sessionPollMs: 1_000,
  sessionDownHoldMs: 3_000,
  healthWindowMs: 10_000,
  penaltyMs: 30_000,
  penaltyMaxMs: 600_000,
  balanceDelayMs: 15_000,
  balanceIntervalMs: 10_000,
  balanceTolerance: 0.1,
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
      description:
        "Largest share of a group's neighbors removed inside any removal window (`removal_window_seconds`): at most max(1, floor(share × the group's largest size inside the window)) removals per window, 0 with a share of 0. Removals beyond it stay configured, reported (`meshrr_peers_held`, `/readyz` body, a warning log) until the window allows them or `allow_large_removals` is set.",
    }),
    removal_window_seconds: secondsAtLeastLeaf(1_000)
      .default(DEFAULT_SAFETY.removalWindowMs)
      .meta({
        default: DEFAULT_SAFETY.removalWindowMs / 1000,
        description:
          'Seconds: the sliding window of the removal budget (at least 1). Removals confirmed inside the last window count against `max_removal_share`; a removal held by the budget proceeds when the oldest removal of its group leaves the window.',
      }),
    min_group_peers: integerLeaf(0).default(DEFAULT_SAFETY.minGroupPeers).meta({
      default: DEFAULT_SAFETY.minGroupPeers,
      description: 'A mesh group never shrinks below this by removal.',
    }),
    allow_large_removals: booleanLeaf.default(DEFAULT_SAFETY.allowLargeRemovals).meta({
      default: DEFAULT_SAFETY.allowLargeRemovals,
      description:
        'Lift the removal budget and `min_group_peers` (an explicit operator decision, e.g. to let a held mass removal proceed now; set it back afterwards).',
    }),
    vanished_hold_down_seconds: secondsAsMsLeaf.default(DEFAULT_SAFETY.vanishedHoldDownMs).meta({
      default: DEFAULT_SAFETY.vanishedHoldDownMs / 1000,
      description: 'Seconds: a peer that vanished from discovery is removed only after this long.',
    }),
    session_down_hold_down_seconds: secondsAsMsLeaf.optional().meta({
      description:
        'Deprecated spelling of `selection.session_down_hold_seconds` (still read, with a warning; not both).',
    }),
  })
    .transform((raw): SafetyConfig & { readonly legacySessionDownHoldMs: number | undefined } => ({
      maxRemovalShare: raw.max_removal_share,
      removalWindowMs: raw.removal_window_seconds,
      minGroupPeers: raw.min_group_peers,
      allowLargeRemovals: raw.allow_large_removals,
      vanishedHoldDownMs: raw.vanished_hold_down_seconds,
      legacySessionDownHoldMs: raw.session_down_hold_down_seconds,
    }))
    .prefault({}),
);

/**
 * `selection:` (all keys optional). `session_down_hold_seconds` has no zod default: when absent,
 * the deprecated `safety.session_down_hold_down_seconds` applies, else the default (`assemble`).
 * `penalty_seconds ≤ penalty_max_seconds` is checked by `checkCrossFields`.
 */
export const selectionSchema = z.preprocess(
  nullAsAbsent,
  strictMap({
    session_poll_seconds: secondsAtLeastLeaf(100)
      .default(DEFAULT_SELECTION.sessionPollMs)
      .meta({
        default: DEFAULT_SELECTION.sessionPollMs / 1000,
        description:
          'Seconds between two reads of the BGP sessions (at least 0.1). A session reaching or leaving Established triggers a reconcile at once, so this bounds how late a failure is noticed; each read is one `show bgp neighbors` (FRR) or RPC (Junos).',
      }),
    session_down_hold_seconds: secondsAsMsLeaf.optional().meta({
      default: DEFAULT_SELECTION.sessionDownHoldMs / 1000,
      description:
        'Seconds: a selected `max_peers` peer whose Established session went down is replaced once it stayed down this long, counted from when the device says it went down (FRR: its last reset) (the replacement is added first, the failed peer removed once the replacement is Established). Short = fast failover; long = rides out a peer restart without moving.',
    }),
    health_window_seconds: secondsAtLeastLeaf(100)
      .default(DEFAULT_SELECTION.healthWindowMs)
      .meta({
        default: DEFAULT_SELECTION.healthWindowMs / 1000,
        description:
          'Seconds a newly selected `max_peers` peer may take to reach Established. Past it the peer is penalised and its slot goes to the next candidate. It must cover a normal session set-up (connect retry included); a shorter window replaces a dead address (a DNS record with no BGP speaker) sooner.',
      }),
    penalty_seconds: secondsAtLeastLeaf(1_000)
      .default(DEFAULT_SELECTION.penaltyMs)
      .meta({
        default: DEFAULT_SELECTION.penaltyMs / 1000,
        description:
          'Seconds a failed peer address is not chosen again while an unpenalised candidate can take its place, doubling for each consecutive failure (jittered down by up to half, so routers do not retry in step), cleared once its session stayed Established for a health window. A slot that no unpenalised candidate can fill goes to the least penalised address (the penalty that ends first) rather than staying empty; a penalised address never pushes out an Established peer.',
      }),
    penalty_max_seconds: secondsAtLeastLeaf(1_000)
      .default(DEFAULT_SELECTION.penaltyMaxMs)
      .meta({
        default: DEFAULT_SELECTION.penaltyMaxMs / 1000,
        description: 'Longest penalty, in seconds. `penalty_seconds` ≤ `penalty_max_seconds`.',
      }),
    balance_delay_seconds: secondsAsMsLeaf.default(DEFAULT_SELECTION.balanceDelayMs).meta({
      default: DEFAULT_SELECTION.balanceDelayMs / 1000,
      description:
        'Seconds: once the balanced target differs from what a router has (a peer was added, or came back), its first move waits a random delay of up to this. Spreads a scale-out over time instead of a burst, and ignores targets that change back within it (hysteresis). 0 = move at once.',
    }),
    balance_interval_seconds: secondsAsMsLeaf.default(DEFAULT_SELECTION.balanceIntervalMs).meta({
      default: DEFAULT_SELECTION.balanceIntervalMs / 1000,
      description:
        'Seconds between two balance moves of one group (jittered down by up to half). Each move adds the new peer, waits until it is Established, then removes the old one.',
    }),
    balance_tolerance: numberLeaf(0, 1).default(DEFAULT_SELECTION.balanceTolerance).meta({
      default: DEFAULT_SELECTION.balanceTolerance,
      description:
        "Share (0–1) by which an upstream's number of routers may differ from the tier's mean (within `balance_across`) before routers move. 0 = exact (every upstream carries ⌊mean⌋ or ⌈mean⌉), at the price of more moves when upstreams come and go; larger = fewer moves, looser balance. Rounding never makes it tighter than exact. See [Choosing upstreams](#choosing-upstreams-max_peers) for measured figures.",
    }),
  })
    .transform(
      (raw): Omit<SelectionConfig, 'sessionDownHoldMs'> & { readonly sessionDownHoldMs: number | undefined } => ({
        sessionPollMs: raw.session_poll_seconds,
        sessionDownHoldMs: raw.session_down_hold_seconds,
        healthWindowMs: raw.health_window_seconds,
        penaltyMs: raw.penalty_seconds,
        penaltyMaxMs: raw.penalty_max_seconds,
        balanceDelayMs: raw.balance_delay_seconds,
        balanceIntervalMs: raw.balance_interval_seconds,
        balanceTolerance: raw.balance_tolerance,
      }),
    )
    .prefault({}),
);

/** `quiescence:`; `min_seconds ≤ max_seconds` is checked by `checkCrossFields`. */
export const quiescenceSchema = z.preprocess(
  nullAsAbsent,
  strictMap({
    min_seconds: secondsAsMsLeaf.default(DEFAULT_QUIESCENCE.minMs).meta({
      default: DEFAULT_QUIESCENCE.minMs / 1000,
      description:
        'Seconds to wait after the last discovery change before reconciling (a change that only adds peers, after this long without changes, is reconciled at once; the rest of its burst waits)…',
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
        'Seconds untouched sessions must stay up before confirming. Must be less than 75 % of `confirm_timeout_seconds` (the confirm deadline keeps a quarter of the window as margin).',
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
