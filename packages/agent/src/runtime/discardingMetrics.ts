import type { CounterMetric, GaugeMetric, HistogramMetric, Metrics } from '@meshrr/core';

const COUNTER: CounterMetric = { inc: () => undefined };
const GAUGE: GaugeMetric = { set: () => undefined, inc: () => undefined, dec: () => undefined, reset: () => undefined };
const HISTOGRAM: HistogramMetric = { observe: () => undefined };

/**
 * core's {@link Metrics} for one-shot commands (`plan`, `discover`) that export no metrics: every
 * observation is dropped, and prom-client is never loaded (a start that does not need it is faster).
 */
export class DiscardingMetrics implements Metrics {
  counter(): CounterMetric {
    return COUNTER;
  }

  gauge(): GaugeMetric {
    return GAUGE;
  }

  histogram(): HistogramMetric {
    return HISTOGRAM;
  }
}
