/**
 * pg's query_timeout fails a query with "Query read timeout" but keeps it as its connection's
 * current one: a later query on that connection queues behind an answer that may never come,
 * and its own timeout starts when it is queued. After a failed statement Kysely sends ROLLBACK
 * on the transaction's connection, so a transaction on a server that stopped answering waited
 * the whole bound twice. Once a query on a connection has gone unanswered so, every later one
 * on it fails at once; the connection is closed when it is given back (database.ts), and the
 * server rolls the transaction back when it drops.
 */
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/** pg's words for a query past its query_timeout (it has no code). */
const QUERY_READ_TIMEOUT = 'Query read timeout';

/** The pool Kysely is given: pg's, with clients that fail fast once a query went unanswered. */
export function failingFastOnceUnanswered(pool: pg.Pool): PostgresPool {
  // One wrapper per pg client: Kysely keeps a connection per client object it is lent.
  const wrappers = new WeakMap<pg.PoolClient, FailFastClient>();
  return {
    connect: async () => {
      const client = await pool.connect();
      const wrapper = wrappers.get(client) ?? new FailFastClient(client);
      wrappers.set(client, wrapper);
      return wrapper;
    },
    end: () => pool.end(),
  };
}

class FailFastClient implements PostgresPoolClient {
  /** The timeout the connection went unanswered with; a connection never recovers from it. */
  private unanswered: Error | null = null;

  constructor(private readonly client: pg.PoolClient) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    statement: string | PostgresCursor<R>,
    parameters: ReadonlyArray<unknown> = [],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    const unanswered = this.unanswered;
    if (typeof statement !== 'string') {
      // Kysely asks for a cursor inside an async generator: a throw there fails the stream.
      if (unanswered) throw givenUp(unanswered);
      return this.client.query(
        statement as unknown as pg.Submittable,
      ) as unknown as PostgresCursor<R>;
    }
    if (unanswered) return Promise.reject(givenUp(unanswered));
    const result = this.client.query(statement, [...parameters]);
    result.catch((error: unknown) => this.noteIfUnanswered(error));
    // pg's result carries its command as any string; Kysely reads only rows and counts.
    return result as unknown as Promise<PostgresQueryResult<R>>;
  }

  release(destroy?: boolean): void {
    this.client.release(destroy);
  }

  private noteIfUnanswered(error: unknown): void {
    if (error instanceof Error && error.message === QUERY_READ_TIMEOUT) {
      this.unanswered = error;
    }
  }
}

function givenUp(unanswered: Error): Error {
  return new Error(
    `${QUERY_READ_TIMEOUT}: an earlier statement on this connection was never answered, so it takes no more`,
    { cause: unanswered },
  );
}
