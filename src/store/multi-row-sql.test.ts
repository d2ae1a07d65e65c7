import { describe, expect, it } from 'vitest';
import { multiRowText } from './multi-row-sql.js';

const insert = (tuples: string, slot: () => string) =>
  `insert values ${tuples} where x = ${slot()}`;

describe('multiRowText', () => {
  it('numbers PostgreSQL parameters through the rows and on to what follows them', () => {
    expect(multiRowText('postgres', 'test a', 2, 2, insert)).toBe(
      'insert values ($1, $2), ($3, $4) where x = $5',
    );
  });

  it('writes SQLite placeholders as ?', () => {
    expect(multiRowText('sqlite', 'test a', 3, 1, insert)).toBe(
      'insert values (?, ?, ?) where x = ?',
    );
  });

  it('keeps shapes apart by statement, dialect, columns and rows, and returns the same text again', () => {
    const first = multiRowText('sqlite', 'test b', 2, 3, insert);
    expect(multiRowText('sqlite', 'test b', 2, 3, () => 'not built again')).toBe(first);
    expect(multiRowText('sqlite', 'test c', 2, 3, (t) => `other ${t}`)).toBe(
      'other (?, ?), (?, ?), (?, ?)',
    );
    expect(multiRowText('sqlite', 'test b', 2, 2, insert)).toBe(
      'insert values (?, ?), (?, ?) where x = ?',
    );
    expect(multiRowText('postgres', 'test b', 2, 3, insert)).toContain('$7');
  });
});
