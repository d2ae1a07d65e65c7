/**
 * The text of a multi-row statement, made once per shape. A sync page writes thousands of rows
 * in statements of the same few shapes (the same columns, the same number of rows); building
 * their placeholder lists again for every page cost ~0.4 s and ~100,000 short-lived arrays per
 * 100,000 events. The same text object also comes back each time, so the statement cache finds
 * its prepared statement without hashing a long new string.
 */
import type { DialectName } from './database.js';

/** Shapes kept: a sync uses a handful (full chunks and one remainder per page). */
const CAPACITY = 64;

const texts = new Map<string, string>();

/**
 * `make(tuples, nextSlot)` builds the statement around its VALUES list; `nextSlot` numbers the
 * parameters that follow the rows' (PostgreSQL's `$n`, SQLite's `?`).
 */
export function multiRowText(
  dialect: DialectName,
  name: string,
  columns: number,
  rows: number,
  make: (tuples: string, nextSlot: () => string) => string,
): string {
  const key = `${dialect}|${name}|${columns}|${rows}`;
  const known = texts.get(key);
  if (known !== undefined) return known;
  let slots = 0;
  const slot = () => (dialect === 'postgres' ? `$${++slots}` : (slots++, '?'));
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < columns; c++) row.push(slot());
    tuples.push(`(${row.join(', ')})`);
  }
  const text = make(tuples.join(', '), slot);
  if (texts.size >= CAPACITY) texts.clear();
  texts.set(key, text);
  return text;
}
