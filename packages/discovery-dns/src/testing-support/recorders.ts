import type {
  CounterMetric,
  DiscoveredPeer,
  GaugeMetric,
  HistogramMetric,
  LogFields,
  Logger,
  MetricLabels,
  Metrics,
  PeerSink,
} from '@meshrr/core';

const key = (name: string, labels: MetricLabels = {}): string =>
  `${name}{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',')}}`;

/** In-memory {@link Metrics}: `values` maps `name{label=value,...}` to the current value. */
export class RecordingMetrics implements Metrics {
  readonly values = new Map<string, number>();

  counter(options: { name: string }): CounterMetric {
    return { inc: (labels, value = 1) => this.#add(key(options.name, labels), value) };
  }

  gauge(options: { name: string }): GaugeMetric {
    return {
      set: (labels, value) => void this.values.set(key(options.name, labels), value),
      inc: (labels, value = 1) => this.#add(key(options.name, labels), value),
      dec: (labels, value = 1) => this.#add(key(options.name, labels), -value),
      reset: () => undefined,
    };
  }

  histogram(options: { name: string }): HistogramMetric {
    return { observe: (labels, value) => void this.values.set(key(options.name, labels), value) };
  }

  get(name: string, labels: MetricLabels = {}): number | undefined {
    return this.values.get(key(name, labels));
  }

  #add(k: string, value: number): void {
    this.values.set(k, (this.values.get(k) ?? 0) + value);
  }
}

/** One recorded log line. */
export interface LogLine {
  readonly level: string;
  readonly fields: LogFields;
  readonly message: string | undefined;
}

/** A {@link Logger} that records every line (children share the list). */
export function recordingLogger(lines: LogLine[] = [], bindings: LogFields = {}): Logger & { lines: LogLine[] } {
  const at =
    (level: string) =>
    (first: LogFields | string, message?: string): void => {
      if (typeof first === 'string') lines.push({ level, fields: bindings, message: first });
      else lines.push({ level, fields: { ...bindings, ...first }, message });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
  };
}

/** A {@link PeerSink} that records events as text: `emit a,b`, `success`, `failure <kind>`. */
export function recordingSink(
  onEvent: (event: string) => void = () => undefined,
): PeerSink & { events: string[]; sets: DiscoveredPeer[][] } {
  const events: string[] = [];
  const sets: DiscoveredPeer[][] = [];
  const push = (event: string): void => {
    events.push(event);
    onEvent(event);
  };
  return {
    events,
    sets,
    emit: (peers) => {
      sets.push([...peers]);
      push(`emit ${peers.map((p) => (p.port === undefined ? p.address : `${p.address}:${p.port}`)).join(',')}`);
    },
    reportSuccess: () => push('success'),
    reportFailure: (error) => push(`failure ${(error as { kind?: string }).kind ?? error.message}`),
  };
}
