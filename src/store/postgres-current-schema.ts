/**
 * PostgreSQL's dialect, with an introspector that looks only at the connection's current schema
 * (search_path), the only one calintel ever uses.
 *
 * Kysely's own introspector (which its Migrator asks whether its bookkeeping tables exist) lists
 * the tables of every schema in the database and calls has_schema_privilege() on each schema by
 * name. A schema that another client drops while that query runs is still in the query's
 * snapshot but no longer in the catalog, so the call fails with "schema … does not exist"
 * (3F000) and our migration fails for someone else's schema. This query names no object by name
 * and reads only our schema's rows.
 */
import {
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  PostgresDialect,
  PostgresIntrospector,
  sql,
} from 'kysely';
import type {
  ColumnMetadata,
  DatabaseIntrospector,
  DatabaseMetadata,
  DatabaseMetadataOptions,
  Kysely,
  TableMetadata,
} from 'kysely';

export class CurrentSchemaPostgresDialect extends PostgresDialect {
  // The dialect interface hands the introspector an untyped Kysely.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}

interface ColumnRow {
  table: string;
  kind: string;
  schema: string;
  column: string;
  type: string;
  type_schema: string;
  not_null: boolean;
  has_default: boolean;
  auto_incrementing: boolean;
  comment: string | null;
}

const KYSELY_TABLES = new Set([DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]);

/** Extends Kysely's, so that `instanceof PostgresIntrospector` still tells the dialect apart. */
export class CurrentSchemaIntrospector extends PostgresIntrospector {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in createIntrospector
  readonly #db: Kysely<any>;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in createIntrospector
  constructor(db: Kysely<any>) {
    super(db);
    this.#db = db;
  }

  override async getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    const { rows } = await sql<ColumnRow>`
      select c.relname as table, c.relkind as kind, n.nspname as schema, a.attname as column,
        t.typname as type, tn.nspname as type_schema, a.attnotnull as not_null,
        a.atthasdef as has_default,
        (a.attidentity <> '' or coalesce(pg_get_expr(d.adbin, d.adrelid) like 'nextval(%', false))
          as auto_incrementing,
        col_description(c.oid, a.attnum) as comment
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.oid
      join pg_catalog.pg_type t on t.oid = a.atttypid
      join pg_catalog.pg_namespace tn on tn.oid = t.typnamespace
      left join pg_catalog.pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
      where n.nspname = current_schema() and c.relkind in ('r', 'v', 'p')
        and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum`.execute(this.#db);
    const wanted = options.withInternalKyselyTables
      ? rows
      : rows.filter((row) => !KYSELY_TABLES.has(row.table));
    return tablesOf(wanted);
  }

  override async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}

function tablesOf(rows: ColumnRow[]): TableMetadata[] {
  const tables = new Map<string, { table: TableMetadata; columns: ColumnMetadata[] }>();
  for (const row of rows) {
    let entry = tables.get(row.table);
    if (!entry) {
      const columns: ColumnMetadata[] = [];
      const table = { name: row.table, schema: row.schema, isView: row.kind === 'v', columns };
      entry = { table, columns };
      tables.set(row.table, entry);
    }
    entry.columns.push({
      name: row.column,
      dataType: row.type,
      dataTypeSchema: row.type_schema,
      isNullable: !row.not_null,
      hasDefaultValue: row.has_default,
      isAutoIncrementing: row.auto_incrementing,
      ...(row.comment === null ? {} : { comment: row.comment }),
    });
  }
  return [...tables.values()].map((entry) => entry.table);
}
