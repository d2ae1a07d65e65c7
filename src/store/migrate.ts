/** Brings a database's schema up to date with the migrations shipped in this build. */
import { Migrator } from 'kysely';
import type { MigrationProvider } from 'kysely';
import { sql } from 'kysely';
import { dialectOf, type Database } from './database.js';
import { MIGRATIONS } from './migrations/index.js';

export interface MigrationOutcome {
  /** Names of the migrations this call ran, in order; empty when already up to date. */
  executed: string[];
}

const provider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };

/** Runs every pending migration; throws (after Kysely rolled back the failed one) on error. */
export async function migrateToLatest(db: Database): Promise<MigrationOutcome> {
  // Kysely looks for its bookkeeping tables by name in every schema it can see, so a
  // kysely_migration table in another schema of the same database would make it skip creating
  // its own and then fail; pinning the current schema (search_path) keeps databases apart.
  const schema = dialectOf(db) === 'postgres' ? await currentSchema(db) : undefined;
  const migrator = new Migrator({
    db,
    provider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${describe(error)}`, { cause: error });
  }
  return { executed: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

async function currentSchema(db: Database): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL has no current schema: check search_path');
  return schema;
}

/** Names of every migration this build knows, in order. */
export function knownMigrations(): string[] {
  return Object.keys(MIGRATIONS).sort();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
