import type { CounterMetric, GaugeMetric, HistogramMetric, Metrics } from '../api/ambient.js';

/** Results a reconcile can end with (the `result` label of `meshrr_reconcile_total`). */
export const RECONCILE_RESULTS = ['success', 'requeue_after', 'error', 'terminal'] as const;
export type ReconcileResultLabel = (typeof RECONCILE_RESULTS)[number];

/** The controller's metric series, every label value pre-created at 0. */
export interface ControllerMetrics {
  readonly reconciles: CounterMetric;
  readonly duration: HistogramMetric;
  readonly retries: CounterMetric;
  readonly depth: GaugeMetric;
}

/**
 * Declares the controller metrics: `meshrr_reconcile_total{controller,result}`,
 * `meshrr_reconcile_duration_seconds{controller}`, `meshrr_workqueue_retries_total{controller}`,
 * `meshrr_workqueue_depth{controller}`. Series for every result exist (at 0) before the first
 * reconcile, so dashboards and alerts see them at once.
 */
export function controllerMetrics(metrics: Metrics, controller: string): ControllerMetrics {
  const reconciles = metrics.counter({
    name: 'meshrr_reconcile_total',
    help: 'Reconciles by result.',
    labelNames: ['controller', 'result'],
  });
  for (const result of RECONCILE_RESULTS) reconciles.inc({ controller, result }, 0);
  const duration = metrics.histogram({
    name: 'meshrr_reconcile_duration_seconds',
    help: 'Duration of one reconcile.',
    labelNames: ['controller'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  });
  const retries = metrics.counter({
    name: 'meshrr_workqueue_retries_total',
    help: 'Keys re-added with backoff after an error.',
    labelNames: ['controller'],
  });
  retries.inc({ controller }, 0);
  const depth = metrics.gauge({
    name: 'meshrr_workqueue_depth',
    help: 'Keys waiting in the work queue.',
    labelNames: ['controller'],
  });
  depth.set({ controller }, 0);
  return { reconciles, duration, retries, depth };
}
