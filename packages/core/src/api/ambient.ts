import type { ServiceIdentifier } from 'inversify';

/** A scheduled callback; `cancel()` is idempotent. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * Time (and the chance of retry jitter), injected. Nothing in meshrr calls `Date.now()`,
 * `setTimeout` or `Math.random` directly, so tests drive them with `FakeClock` from
 * `@meshrr/core/testing`.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds unless cancelled. */
  setTimer(ms: number, fn: () => void): TimerHandle;
  /** Resolves after `ms`, or rejects with the signal's reason as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Uniform in [0, 1): the source of chance for retry jitter, injected like time so that tests
   * decide it (`FakeClock` returns a fixed value). Not for anything secret.
   */
  random(): number;
}
export const Clock: ServiceIdentifier<Clock> = Symbol.for('@meshrr/core:Clock');

/** Structured fields of one log line. Secrets never go here. */
export type LogFields = Readonly<Record<string, unknown>>;

/** One log level: fields plus an optional message, or a message alone (pino's shape). */
export interface LogFn {
  (fields: LogFields, message?: string): void;
  (message: string): void;
}

/**
 * Structured logger (pino's shape, so the agent binds pino directly). One line per decision,
 * with its reason in the fields.
 */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  /** A logger whose lines all carry `bindings`. */
  child(bindings: LogFields): Logger;
}
export const Logger: ServiceIdentifier<Logger> = Symbol.for('@meshrr/core:Logger');

/** Label values of one metric sample. */
export type MetricLabels = Readonly<Record<string, string>>;

/** Declaration of a metric: Prometheus naming (`meshrr_` prefix, unit suffix). */
export interface MetricOptions {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
}

/** A monotonically increasing count. */
export interface CounterMetric {
  inc(labels?: MetricLabels, value?: number): void;
}

/** A value that goes up and down. */
export interface GaugeMetric {
  set(labels: MetricLabels, value: number): void;
  inc(labels?: MetricLabels, value?: number): void;
  dec(labels?: MetricLabels, value?: number): void;
  /** Drops every labelled series (used before re-publishing a complete set). */
  reset(): void;
}

/** A distribution of observations (seconds for durations). */
export interface HistogramMetric {
  observe(labels: MetricLabels, value: number): void;
}

/**
 * Metric factory. Declaring the same name twice returns the same metric, so independent
 * components can share one series. The agent backs it with prom-client.
 */
export interface Metrics {
  counter(options: MetricOptions): CounterMetric;
  gauge(options: MetricOptions): GaugeMetric;
  histogram(options: MetricOptions & { readonly buckets?: readonly number[] }): HistogramMetric;
}
export const Metrics: ServiceIdentifier<Metrics> = Symbol.for('@meshrr/core:Metrics');
