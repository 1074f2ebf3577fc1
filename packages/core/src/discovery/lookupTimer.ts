import type { Clock, HistogramMetric, Metrics } from '../api/ambient.js';

/** Buckets of `meshrr_discovery_lookup_duration_seconds`: 1 ms (a local DNS answer) to 30 s (a timeout). */
const LOOKUP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

/**
 * Declares `meshrr_discovery_lookup_duration_seconds{group,sourcetype}`: how long one
 * request/response lookup took (a DNS resolution, a Kubernetes list, a non-blocking Consul read).
 * Watches and blocking queries are not lookups in this sense: they wait for a change on purpose.
 * Declaring it again returns the same series.
 */
export function lookupDurationMetric(metrics: Metrics): HistogramMetric {
  return metrics.histogram({
    name: 'meshrr_discovery_lookup_duration_seconds',
    help: 'Duration of one request/response discovery lookup (DNS resolution, Kubernetes list, non-blocking Consul read).',
    labelNames: ['group', 'sourcetype'],
    buckets: LOOKUP_BUCKETS,
  });
}

/**
 * Starts timing one lookup of a discovery source; the returned function records the elapsed time
 * (by `clock`) in `meshrr_discovery_lookup_duration_seconds{group,sourcetype}`. Call it once the
 * answer (or the failure) is in; failed lookups count too.
 */
export function startLookupTimer(
  context: { readonly group: string; readonly clock: Clock; readonly metrics: Metrics },
  sourcetype: string,
): () => void {
  const histogram = lookupDurationMetric(context.metrics);
  const started = context.clock.now();
  return () => histogram.observe({ group: context.group, sourcetype }, (context.clock.now() - started) / 1000);
}
