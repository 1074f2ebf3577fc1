/**
 * `@meshrr/core/bench`: the one reporting helper every benchmark uses — summaries (min, median,
 * p99, max), interleaved runs, the table model with targets, and its text and Markdown forms.
 */
export { nearestRank, single, summarize } from './summary.js';
export type { Summary } from './summary.js';
export { interleave } from './interleave.js';
export type { InterleaveOptions, Measurement } from './interleave.js';
export { describeTarget, formatValue, rowRatio, verdictOf } from './benchTable.js';
export type { BenchRow, BenchTable, BenchTarget, BenchUnit, Figure, Verdict } from './benchTable.js';
export { formatTableMarkdown, formatTableText, tableCells } from './formatTable.js';
export type { TableRun } from './formatTable.js';
export { BenchReporter, benchReporter } from './benchReporter.js';
export type { BenchRecord, BenchReporterOptions } from './benchReporter.js';
export { AGENT_NODE_FLAGS, currentLoad, describeMachine } from './machine.js';
