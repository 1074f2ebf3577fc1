import type { DiscoveredPeer, LogFields, Logger, PeerSink } from '@meshrr/core';

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
