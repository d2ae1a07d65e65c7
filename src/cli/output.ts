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

/** Whether the error is the reader of standard output going away (`| head`). */
export function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'EPIPE';
}

/**
 * `FILE:LINE: message` for a problem found in a file. The parsers' messages already start with
 * `line N: ` (the API shows them alone); that prefix is dropped here so the line is named once.
 */
export function fileProblem(
  file: string,
  problem: { line?: number | null; message: string },
): string {
  if (!problem.line) return `${file}: ${problem.message}\n`;
  const prefix = `line ${problem.line}: `;
  const message = problem.message.startsWith(prefix)
    ? problem.message.slice(prefix.length)
    : problem.message;
  return `${file}:${problem.line}: ${message}\n`;
}
