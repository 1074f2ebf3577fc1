import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CounterMetric, GaugeMetric, HistogramMetric, MetricLabels, MetricOptions, Metrics } from '@meshrr/core';

/**
 * core's {@link Metrics} backed by a prom-client registry. Declaring a name twice returns the
 * first metric (so components share series); declaring it with another kind is a programming
 * error and throws. The default process metrics keep their standard names
 * (`process_cpu_seconds_total`, `process_resident_memory_bytes`, `nodejs_*`) so that standard
 * dashboards work; every meshrr series is named `meshrr_*` (docs/metrics.md).
 */
export class PromMetrics implements Metrics {
  readonly registry: Registry;
  readonly #metrics = new Map<string, { kind: string; metric: unknown }>();

  constructor(options: { defaultMetrics?: boolean } = {}) {
    this.registry = new Registry();
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  counter(options: MetricOptions): CounterMetric {
    const c = this.#get('counter', options, () => new Counter({ ...this.#base(options), registers: [this.registry] }));
    return { inc: (labels?: MetricLabels, value?: number) => c.inc(labels ?? {}, value ?? 1) };
  }

  gauge(options: MetricOptions): GaugeMetric {
    const g = this.#get('gauge', options, () => new Gauge({ ...this.#base(options), registers: [this.registry] }));
    return {
      set: (labels, value) => g.set(labels, value),
      inc: (labels, value) => g.inc(labels ?? {}, value ?? 1),
      dec: (labels, value) => g.dec(labels ?? {}, value ?? 1),
      reset: () => g.reset(),
    };
  }

  histogram(options: MetricOptions & { readonly buckets?: readonly number[] }): HistogramMetric {
    const h = this.#get(
      'histogram',
      options,
      () =>
        new Histogram({
          ...this.#base(options),
          ...(options.buckets ? { buckets: [...options.buckets] } : {}),
          registers: [this.registry],
        }),
    );
    return { observe: (labels, value) => h.observe(labels, value) };
  }

  /** Prometheus text exposition of every metric. */
  async expose(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  #base(options: MetricOptions): { name: string; help: string; labelNames: string[] } {
    return { name: options.name, help: options.help, labelNames: [...(options.labelNames ?? [])] };
  }

  #get<T>(kind: string, options: MetricOptions, create: () => T): T {
    const existing = this.#metrics.get(options.name);
    if (existing !== undefined) {
      if (existing.kind !== kind)
        throw new Error(`metric ${options.name} was declared as a ${existing.kind}, not a ${kind}`);
      return existing.metric as T;
    }
    const metric = create();
    this.#metrics.set(options.name, { kind, metric });
    return metric;
  }
}
