/** Brings a database's schema up to date with the migrations shipped in this build. */
import { Migrator } from 'kysely';
import type { MigrationProvider } from 'kysely';
import { sql } from 'kysely';
import { dialectOf, type Database } from './database.js';
import { MIGRATIONS } from './migrations/index.js';
import { withSqliteMigrationLock } from './sqlite-migration-lock.js';

export interface MigrationOutcome {
  /** Names of the migrations this call ran, in order; empty when already up to date. */
  executed: string[];
}

const provider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };

/**
 * Runs every pending migration, one process at a time (PostgreSQL: Kysely's advisory lock;
 * SQLite: sqlite-migration-lock.ts); throws on error, after Kysely rolled back the failed
 * migration on PostgreSQL (SQLite runs each statement on its own).
 */
export async function migrateToLatest(db: Database): Promise<MigrationOutcome> {
  if (dialectOf(db) === 'postgres') return runMigrations(db);
  const file = await sqliteStoreFile(db);
  // An in-memory store is this connection's alone: nobody else can migrate it.
  if (!file) return runMigrations(db);
  return withSqliteMigrationLock(file, () => runMigrations(db));
}

async function runMigrations(db: Database): Promise<MigrationOutcome> {
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

/** The store's file, or '' for an in-memory store. */
async function sqliteStoreFile(db: Database): Promise<string> {
  const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(db);
  return rows.find((row) => row.name === 'main')?.file ?? '';
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
