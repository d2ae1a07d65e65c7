/** SQLite's plan for a compiled query: one line per step, as `explain query plan` words it. */
import { CompiledQuery, type Kysely } from 'kysely';

export async function queryPlan(
  db: Kysely<unknown> | { executeQuery: Kysely<unknown>['executeQuery'] },
  query: { sql: string; parameters: readonly unknown[] },
): Promise<string[]> {
  const plan = await db.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
  );
  return plan.rows.map((row) => row.detail);
}
