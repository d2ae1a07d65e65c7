/**
 * A text search over columns, folded alike on both dialects (search-fold.ts): a list's `q`
 * matches a column when the column, folded, contains the folded text.
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { dialectOf, type Executor } from './database.js';
import { FOLD_FROM, FOLD_TO } from './search-fold.js';
import { likeContains } from './sql-support.js';

/** Whether the (text) expression, folded, contains `text`, taken literally. */
export function containsFolded(
  db: Executor,
  column: Expression<string | null>,
  text: string,
): RawBuilder<SqlBool> {
  const folded =
    dialectOf(db) === 'postgres'
      ? sql`translate(lower(${column}), ${FOLD_FROM}, ${FOLD_TO})`
      : sql`search_fold(${column})`;
  return sql<SqlBool>`${folded} like ${likeContains(text)} escape '\\'`;
}
