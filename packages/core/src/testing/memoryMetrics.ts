import type {
  CounterMetric,
  GaugeMetric,
  HistogramMetric,
  MetricLabels,
  MetricOptions,
  Metrics,
} from '../api/ambient.js';

type Kind = 'counter' | 'gauge' | 'histogram';

interface Series {
  readonly kind: Kind;
  readonly options: MetricOptions;
  /** Counter/gauge value, or histogram observations, per label key. */
  readonly values: Map<string, number>;
  readonly observations: Map<string, number[]>;
}

/** Canonical text of a label set: `a="1",b="2"` with keys sorted (`""` for no labels). */
export function labelKey(labels: MetricLabels = {}): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',');
}

/**
 * An in-memory {@link Metrics} whose values tests read back: `value(name, labels)` for counters
 * and gauges, `observations(name, labels)` for histograms, `has(name, labels)` to check that a
 * series exists (pre-created at 0). Declaring a name twice returns the same metric; declaring it
 * with another kind throws, like the production registry.
 */
export class MemoryMetrics implements Metrics {
  readonly #series = new Map<string, Series>();

  counter(options: MetricOptions): CounterMetric {
    const s = this.#declare('counter', options);
    return { inc: (labels, value = 1) => this.#add(s, labels, value) };
  }

  gauge(options: MetricOptions): GaugeMetric {
    const s = this.#declare('gauge', options);
    return {
      set: (labels, value) => void s.values.set(labelKey(labels), value),
      inc: (labels, value = 1) => this.#add(s, labels, value),
      dec: (labels, value = 1) => this.#add(s, labels, -value),
      reset: () => s.values.clear(),
    };
  }

  histogram(options: MetricOptions & { readonly buckets?: readonly number[] }): HistogramMetric {
    const s = this.#declare('histogram', options);
    return {
      observe: (labels, value) => {
        const key = labelKey(labels);
        s.observations.set(key, [...(s.observations.get(key) ?? []), value]);
      },
    };
  }

  /** Current value of a counter or gauge series; `undefined` when the series does not exist. */
  value(name: string, labels?: MetricLabels): number | undefined {
    return this.#series.get(name)?.values.get(labelKey(labels));
  }

  /** Every observation of a histogram series, in order (empty when none). */
  observations(name: string, labels?: MetricLabels): readonly number[] {
    return this.#series.get(name)?.observations.get(labelKey(labels)) ?? [];
  }

  /** Does the series exist (counters/gauges) or hold observations (histograms)? */
  has(name: string, labels?: MetricLabels): boolean {
    const s = this.#series.get(name);
    const key = labelKey(labels);
    return s !== undefined && (s.values.has(key) || s.observations.has(key));
  }

  /** Every series of a counter or gauge, by label key. */
  series(name: string): ReadonlyMap<string, number> {
    return new Map(this.#series.get(name)?.values ?? []);
  }

  /** Names of every declared metric, sorted. */
  names(): string[] {
    return [...this.#series.keys()].sort();
  }

  #declare(kind: Kind, options: MetricOptions): Series {
    const existing = this.#series.get(options.name);
    if (existing !== undefined) {
      if (existing.kind !== kind)
        throw new Error(`metric ${options.name} was declared as a ${existing.kind}, not a ${kind}`);
      return existing;
    }
    const created: Series = { kind, options, values: new Map(), observations: new Map() };
    this.#series.set(options.name, created);
    return created;
  }

  #add(s: Series, labels: MetricLabels | undefined, value: number): void {
    const key = labelKey(labels);
    s.values.set(key, (s.values.get(key) ?? 0) + value);
  }
}
