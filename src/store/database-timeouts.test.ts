/**
 * PostgreSQL's bounds: a server that accepts connections and answers nothing fails a request
 * within them instead of holding it for ever. The hung servers are local sockets, the client
 * the real pg pool; the statement bound is the real server's.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { describePostgres, POSTGRES_URL } from '../../test/support/databases.js';
import { openDatabase, type OpenedDatabase } from './database.js';

/** A server listening on a free local port; `onSocket` decides what it answers. */
async function hungServer(onSocket: (socket: Socket) => void): Promise<{
  server: Server;
  url: string;
  sockets: Socket[];
}> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, sockets, url: `postgres://u@127.0.0.1:${address.port}/db` };
}

const READY_FOR_QUERY = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);

/** AuthenticationOk, then ReadyForQuery (idle): a session opened, and nothing answered after. */
function openSession(socket: Socket, afterwards: () => void = () => {}): void {
  socket.once('data', () => {
    socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0]));
    socket.write(READY_FOR_QUERY);
    afterwards();
  });
}

/** A session that answers every query with an error naming `words`. */
function answerWithError(socket: Socket, words: string): void {
  const fields = Buffer.from(`SERROR\0CXX000\0M${words}\0\0`);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(fields.length + 4);
  socket.on('data', () => {
    socket.write(Buffer.concat([Buffer.from('E'), length, fields]));
    socket.write(READY_FOR_QUERY);
  });
}

/** The text of every simple-protocol query ('Q') in `data`. */
function queryTexts(data: Buffer): string[] {
  const texts: string[] = [];
  for (let at = 0; at + 5 <= data.length;) {
    const length = data.readUInt32BE(at + 1);
    if (data[at] === 0x51)
      texts.push(data.toString('utf8', at + 5, at + length).replace(/\0$/, ''));
    at += 1 + length;
  }
  return texts;
}

/** A session that answers BEGIN and nothing after it, noting every query it is sent. */
function answerBeginOnly(socket: Socket, seen: string[]): void {
  const begin = Buffer.from('BEGIN\0');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(begin.length + 4);
  socket.on('data', (data) => {
    for (const text of queryTexts(data)) {
      seen.push(text);
      if (text.toLowerCase() !== 'begin') continue;
      socket.write(Buffer.concat([Buffer.from('C'), length, begin]));
      socket.write(Buffer.from([0x5a, 0, 0, 0, 5, 0x54]));
    }
  });
}

describe('PostgreSQL bounds against a server that answers nothing', () => {
  const opened: OpenedDatabase[] = [];
  const servers: Server[] = [];
  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
    for (const server of servers.splice(0)) {
      server.close();
    }
  });

  it('fails a query whose connection is never answered, naming the connection timeout', async () => {
    const { server, url } = await hungServer(() => {});
    servers.push(server);
    const database = openDatabase({ url, connectTimeoutMs: 300, closeTimeoutMs: 500 });
    opened.push(database);
    await expect(sql`select 1`.execute(database.db)).rejects.toThrow(/connection timeout/);
  });

  it('fails a query the server never answers, and drops that connection from the pool', async () => {
    // The first connection answers nothing once opened; later ones answer at once.
    const { server, url, sockets } = await hungServer((socket) =>
      openSession(socket, () => {
        if (sockets.length > 1) answerWithError(socket, 'a fresh connection');
      }),
    );
    servers.push(server);
    const database = openDatabase({ url, statementTimeoutMs: 100, closeTimeoutMs: 500 });
    opened.push(database);
    await expect(sql`select 1`.execute(database.db)).rejects.toThrow('Query read timeout');
    // Given back with its query unanswered, the connection was closed: the next query would
    // otherwise queue behind that answer on it.
    await expect(sql`select 1`.execute(database.db)).rejects.toThrow('a fresh connection');
    expect(sockets).toHaveLength(2);
  }, 30_000);

  it('fails a transaction whose statement is never answered within one bound, not two', async () => {
    const seen: string[] = [];
    const { server, url } = await hungServer((socket) =>
      openSession(socket, () => answerBeginOnly(socket, seen)),
    );
    servers.push(server);
    const database = openDatabase({ url, statementTimeoutMs: 100, closeTimeoutMs: 500 });
    opened.push(database);
    let statementError: unknown;
    const failed = database.db
      .transaction()
      .execute(async (trx) => {
        await sql`select 1`.execute(trx).catch((error: unknown) => {
          statementError = error;
          throw error;
        });
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    const error = await failed;
    expect(statementError).toBeInstanceOf(Error);
    expect((statementError as Error).message).toBe('Query read timeout');
    // The ROLLBACK failed at once on the connection that went unanswered, naming why, instead
    // of queueing behind that answer for a bound of its own (which then failed with an error
    // of its own, a second "Query read timeout" with no cause).
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Query read timeout/);
    expect((error as Error).cause).toBe(statementError);
    expect(seen.map((text) => text.toLowerCase())).toEqual(['begin', 'select 1']);
  }, 30_000);
});

describePostgres('PostgreSQL statement bound', () => {
  const opened: OpenedDatabase[] = [];
  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
  });

  const statementTimeout = async (database: OpenedDatabase['db']) =>
    (await sql<{ statement_timeout: string }>`show statement_timeout`.execute(database)).rows[0]
      ?.statement_timeout;

  it('bounds statements by default, cancels one past its bound, and keeps the pool working', async () => {
    const bounded = openDatabase({ url: POSTGRES_URL });
    opened.push(bounded);
    expect(await statementTimeout(bounded.db)).toBe('2min');
    const short = openDatabase({ url: POSTGRES_URL, statementTimeoutMs: 200 });
    opened.push(short);
    await expect(sql`select pg_sleep(2)`.execute(short.db)).rejects.toThrow(/statement timeout/);
    expect((await sql<{ one: number }>`select 1 as one`.execute(short.db)).rows).toEqual([
      { one: 1 },
    ]);
  });

  it('runs migrations with no statement bound, and 0 means none', async () => {
    const bounded = openDatabase({ url: POSTGRES_URL, statementTimeoutMs: 200 });
    opened.push(bounded);
    expect(await bounded.withoutStatementBound?.((db) => statementTimeout(db))).toBe('0');
    const unbounded = openDatabase({ url: POSTGRES_URL, statementTimeoutMs: 0 });
    opened.push(unbounded);
    expect(await statementTimeout(unbounded.db)).toBe('0');
  });
});
