/** One measurement: resolves (or returns) the length of the span it timed, in the table's unit. */
export type Measurement = () => number | Promise<number>;

/** Options of {@link interleave}. */
export interface InterleaveOptions {
  /** Rounds whose samples are discarded before the recorded ones (default 0). */
  readonly warmupRounds?: number;
}

/**
 * Runs every measurement of `runners` once per round, for `rounds` rounds, rotating which runs first
 * in each round (A B C, B C A, C A B, …), so that drifting machine load, cache state and thermal
 * effects fall on every runner alike. Resolves with the samples of each runner in round order.
 * Measurements run one at a time, never concurrently.
 */
export async function interleave<K extends string>(
  rounds: number,
  runners: Readonly<Record<K, Measurement>>,
  options: InterleaveOptions = {},
): Promise<Record<K, number[]>> {
  const keys = Object.keys(runners) as K[];
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  const warmup = options.warmupRounds ?? 0;
  for (let round = 0; round < warmup + rounds; round += 1) {
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[(round + i) % keys.length]!;
      const value = await runners[key]();
      if (round >= warmup) samples[key].push(value);
    }
  }
  return samples;
}
