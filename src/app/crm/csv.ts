import { invalidInput } from '../../domain/errors.js';

/**
 * How a row is named in an error, from its index in the file (the header is index 0) and the line
 * it starts on.
 */
export type RowName = (index: number, line: number) => string;

/** A row's cells and the line of the file it starts on (a quoted line break spans lines). */
export interface CsvRow {
  cells: string[];
  line: number;
}

const fromOne: RowName = (index) => `row ${index + 1}`;

/**
 * Comma-separated values as RFC 4180 writes them (and spreadsheets export them): quoted fields
 * may hold commas, doubled quotes and line breaks; lines end with CRLF or LF; a BOM is skipped.
 * A quote still open at the end is refused: it would otherwise take every later row into one
 * cell without a word.
 */
export function parseCsv(text: string, rowName: RowName = fromOne): string[][] {
  return parseCsvRows(text, rowName).map((row) => row.cells);
}

/** As parseCsv, with the line each row starts on. */
export function parseCsvRows(text: string, rowName: RowName = fromOne): CsvRow[] {
  const rows: CsvRow[] = [];
  let rowLine = 1;
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let openedOn = 0;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i += 1) {
    const c = input[i];
    // Counted here, before any branch, so that line breaks inside quotes count as well.
    if (c === '\n' || (c === '\r' && input[i + 1] !== '\n')) line += 1;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') {
      quoted = true;
      openedOn = line;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') {
        i += 1;
        line += 1;
      }
      row.push(field);
      rows.push({ cells: row, line: rowLine });
      rowLine = line;
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted)
    throw invalidInput(
      `${rowName(rows.length, rowLine)}: unterminated quoted field (opened on line ${openedOn})`,
    );
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push({ cells: row, line: rowLine });
  }
  return rows;
}
