import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { verdictOf, type BenchTable } from './benchTable.js';
import { formatTableText, type TableRun } from './formatTable.js';
import { currentLoad, describeMachine } from './machine.js';

/** One line of the JSON Lines report: a table, where/when it was measured, and on which machine. */
export interface BenchRecord {
  readonly table: BenchTable;
  readonly run: TableRun;
  readonly machine: string;
}

/** Options of {@link BenchReporter}. */
export interface BenchReporterOptions {
  /** Where the text form goes (default `process.stdout`). */
  readonly write?: (text: string) => void;
  /** When set, every table is also appended to this file as one JSON line ({@link BenchRecord}). */
  readonly jsonlPath?: string;
}

/**
 * The one way a benchmark reports: every table is printed in the same form (reference, meshrr,
 * ratio, target and MISSED/met per row; load average and span descriptions under it) and, when
 * `MESHRR_BENCH_JSONL` names a file, appended to it so `npm run bench` can regenerate the README.
 * Call {@link BenchReporter.begin} right before measuring a table. Counts missed targets and wrong
 * outputs; only wrong outputs make {@link BenchReporter.exitCode} non-zero (speed never fails a run).
 */
export class BenchReporter {
  readonly #write: (text: string) => void;
  readonly #jsonlPath: string | undefined;
  #startedAt = performance.now();
  #loadStart = currentLoad().load;
  #missed = 0;
  #wrong = 0;

  constructor(options: BenchReporterOptions = {}) {
    this.#write = options.write ?? ((text) => void process.stdout.write(text));
    this.#jsonlPath = options.jsonlPath;
  }

  /** Marks the start of the next table's measurements (load average and time). */
  begin(): void {
    this.#startedAt = performance.now();
    this.#loadStart = currentLoad().load;
  }

  /** Prints `table` (and appends it to the JSON Lines report); returns the run it records. */
  table(table: BenchTable): TableRun {
    const now = currentLoad();
    const run: TableRun = {
      loadStart: this.#loadStart,
      loadEnd: now.load,
      cpus: now.cpus,
      seconds: (performance.now() - this.#startedAt) / 1000,
    };
    for (const row of table.rows) {
      const verdict = verdictOf(row);
      if (verdict === 'MISSED') this.#missed += 1;
      if (verdict === 'WRONG') this.#wrong += 1;
    }
    this.#write(`\n${formatTableText(table, run)}`);
    if (this.#jsonlPath !== undefined)
      appendFileSync(this.#jsonlPath, `${JSON.stringify({ table, run, machine: describeMachine() })}\n`);
    this.begin();
    return run;
  }

  /** Prints a line that is not a table (e.g. why a benchmark was skipped). */
  say(text: string): void {
    this.#write(`${text}\n`);
  }

  /** Rows that missed their target so far. */
  get missed(): number {
    return this.#missed;
  }

  /** 1 when any row's output was wrong, else 0. */
  get exitCode(): number {
    return this.#wrong > 0 ? 1 : 0;
  }
}

/** The reporter for a benchmark process: `env.MESHRR_BENCH_JSONL` (set by `npm run bench`) names the JSON Lines file. */
export function benchReporter(env: Readonly<Record<string, string | undefined>>): BenchReporter {
  const jsonlPath = env['MESHRR_BENCH_JSONL'];
  return new BenchReporter(jsonlPath === undefined || jsonlPath === '' ? {} : { jsonlPath });
}
