import type { LogFields, LogFn, Logger } from '../api/ambient.js';

/** One captured log line. */
export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  /** The line's own fields merged over every `child` binding. */
  readonly fields: LogFields;
}

/**
 * A {@link Logger} that keeps every line in memory (shared by its children), for assertions.
 * `lines` is in emission order; `messages()` filters by level.
 */
export class MemoryLogger implements Logger {
  readonly lines: LogLine[];
  readonly #bindings: LogFields;
  readonly debug: LogFn;
  readonly info: LogFn;
  readonly warn: LogFn;
  readonly error: LogFn;

  constructor(bindings: LogFields = {}, lines: LogLine[] = []) {
    this.#bindings = bindings;
    this.lines = lines;
    this.debug = this.#level('debug');
    this.info = this.#level('info');
    this.warn = this.#level('warn');
    this.error = this.#level('error');
  }

  child(bindings: LogFields): MemoryLogger {
    return new MemoryLogger({ ...this.#bindings, ...bindings }, this.lines);
  }

  /** Messages of every line at `level` (all levels when omitted). */
  messages(level?: LogLine['level']): string[] {
    return this.lines.filter((l) => level === undefined || l.level === level).map((l) => l.message);
  }

  /** Forgets every captured line (the children's too). */
  clear(): void {
    this.lines.length = 0;
  }

  #level(level: LogLine['level']): LogFn {
    return ((first: LogFields | string, message?: string) => {
      if (typeof first === 'string') this.lines.push({ level, message: first, fields: { ...this.#bindings } });
      else this.lines.push({ level, message: message ?? '', fields: { ...this.#bindings, ...first } });
    }) as LogFn;
  }
}
