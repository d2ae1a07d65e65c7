/**
 * SQLite transactions that take the write lock when they begin (`begin immediate`).
 *
 * A plain `begin` reads from a snapshot and asks for the lock at its first write. When another
 * connection commits in between (a CLI command next to `serve`), that write fails at once with
 * SQLITE_BUSY: the busy timeout cannot help, since the snapshot it read is already stale. Taking
 * the lock up front makes the transaction wait its turn instead.
 */
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';

export interface ImmediateSqliteConfig extends SqliteDialectConfig {
  /** Called after every committed transaction (the WAL checkpointer watches the log's size). */
  afterCommit?: () => void;
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ImmediateSqliteConfig;

  constructor(config: ImmediateSqliteConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #afterCommit: (() => void) | undefined;

  constructor(config: ImmediateSqliteConfig) {
    super(config);
    this.#afterCommit = config.afterCommit;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await super.commitTransaction(connection);
    this.#afterCommit?.();
  }
}
