/** One line of the bench table: two sides measured in the same run and how their ratio compares. */
export interface TableRow {
  name: string;
  a: string;
  b: string;
  ratio: number;
  /** e.g. `>= 0.8`; undefined for reference lines that have no target. */
  target?: { op: '>=' | '<='; value: number };
}

/** `pass`, `FAIL` or `-` (no target). */
export function verdict(row: TableRow): string {
  if (!row.target) return '-';
  const ok = row.target.op === '>=' ? row.ratio >= row.target.value : row.ratio <= row.target.value;
  return ok ? 'pass' : 'FAIL';
}

/** Formats rows as a fixed-width table. */
export function formatTable(rows: readonly TableRow[]): string {
  const header = ['benchmark', 'side A', 'side B', 'B/A', 'target', 'result'];
  const lines = rows.map((row) => [
    row.name,
    row.a,
    row.b,
    // Two significant digits keep a collapse such as 0.0044 readable.
    row.ratio < 0.1 ? row.ratio.toPrecision(2) : row.ratio.toFixed(2),
    row.target ? `${row.target.op} ${row.target.value}` : '-',
    verdict(row),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(format)].join('\n');
}

/** `12,345 req/s` */
export function formatRate(requestsPerSecond: number): string {
  return `${Math.round(requestsPerSecond).toLocaleString('en-US')} req/s`;
}

/** `123.4 ms` */
export function formatMs(ms: number): string {
  return `${ms.toFixed(1)} ms`;
}
