import {
  describeTarget,
  formatValue,
  rowRatio,
  verdictOf,
  type BenchTable,
  type BenchUnit,
  type Figure,
} from './benchTable.js';

/** Where and when a table was measured: load average (1 min) at its start and end, and its wall time. */
export interface TableRun {
  readonly loadStart: number;
  readonly loadEnd: number;
  readonly cpus: number;
  readonly seconds: number;
}

const HEADER = [
  'case',
  'reference',
  'n (ref/meshrr)',
  'reference median [min–p99]',
  'meshrr median [min–p99]',
  'ratio',
  'target',
  'result',
] as const;

function figureCell(figure: Figure | undefined, unit: BenchUnit): string {
  if (figure === undefined) return '-';
  const s = figure.summary;
  if (s.n <= 1) return formatValue(s.median, unit);
  return `${formatValue(s.median, unit)} [${formatValue(s.min, unit).replace(/ .*/, '')}–${formatValue(s.p99, unit).replace(/ .*/, '')}]`;
}

function ratioCell(table: BenchTable, ratio: number): string {
  if (Number.isNaN(ratio)) return '-';
  return `${ratio >= 100 ? ratio.toFixed(0) : ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×${table.ratio === 'speedup' ? '' : ' ref'}`;
}

/** The cells of every row of `table`, in {@link HEADER} order. */
export function tableCells(table: BenchTable): string[][] {
  return table.rows.map((row) => {
    const unit = row.unit ?? table.unit;
    const verdict = verdictOf(row);
    return [
      row.case,
      row.reference?.label ?? '-',
      `${row.reference?.summary.n ?? '-'}/${row.candidate.summary.n}`,
      figureCell(row.reference, unit),
      figureCell(row.candidate, unit),
      ratioCell(table, rowRatio(table, row)),
      describeTarget(row.target, unit),
      verdict === 'WRONG' ? `WRONG: ${row.wrong ?? ''}` : verdict === '' ? '-' : verdict,
    ];
  });
}

function ratioNote(table: BenchTable): string {
  return table.ratio === 'speedup'
    ? 'ratio = reference median ÷ meshrr median (times faster)'
    : 'ratio = meshrr median ÷ reference median';
}

function runLine(run: TableRun): string {
  return `measured in ${run.seconds.toFixed(0)} s; load average ${run.loadStart.toFixed(2)} → ${run.loadEnd.toFixed(2)} on ${run.cpus} CPUs`;
}

/** `table` as aligned plain text (the console form). */
export function formatTableText(table: BenchTable, run: TableRun): string {
  const rows = tableCells(table);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i < 2 || i === 7 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [
    `## ${table.area}: ${table.title}`,
    line(HEADER),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    `  ${ratioNote(table)}; ${runLine(run)}`,
  ];
  if (table.settings !== undefined) out.push(`  settings: ${table.settings}`);
  for (const span of table.spans) out.push(`  span: ${span}`);
  for (const note of table.notes ?? []) out.push(`  note: ${note}`);
  return `${out.join('\n')}\n`;
}

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|');

/** `table` as a Markdown section (the README form). */
export function formatTableMarkdown(table: BenchTable, run: TableRun): string {
  const rows = tableCells(table);
  const out = [
    `#### ${table.area}: ${table.title}`,
    '',
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map((_, i) => (i < 2 || i === 7 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.map((c) => escapeCell(c)).join(' | ')} |`),
    '',
    `${ratioNote(table)}; ${runLine(run)}.`,
  ];
  if (table.settings !== undefined) out.push(`Settings: ${table.settings}.`);
  const bullets = [...table.spans.map((s) => `span: ${s}`), ...(table.notes ?? [])];
  if (bullets.length > 0) out.push('', ...bullets.map((b) => `- ${b}`));
  return `${out.join('\n')}\n`;
}
