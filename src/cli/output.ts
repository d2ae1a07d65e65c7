/** How commands print: one JSON document for programs, aligned text for people. */

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function printTable(rows: Array<Record<string, string | number | null>>): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] ?? {});
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => String(row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(columns)}\n`);
  for (const row of rows)
    process.stdout.write(`${line(columns.map((c) => String(row[c] ?? '')))}\n`);
}

/** A failure the user can fix: printed as one line without a stack trace, exit code 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
