import { describe, expect, it } from 'vitest';
import { QueueUnavailableError } from '../../jobs/job-queue.js';
import { UsageError } from '../output.js';
import type { Config } from '../../config/config.js';
import { connectionError, redactUrl, sayWarnings } from './with-app.js';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });

describe('connectionError', () => {
  it('turns an unreachable database into one line naming the address without its password', () => {
    const error = connectionError(refused(), 'postgres://u:secret@127.0.0.1:1/x');
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(
      'cannot open the database at postgres://u:***@127.0.0.1:1/x: connect ECONNREFUSED 127.0.0.1:1',
    );
  });

  it("names the code when Node's error has no message, and reads PostgreSQL's refusals", () => {
    const aggregate = Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' });
    expect((connectionError(aggregate, 'postgres://u@h/x') as Error).message).toMatch(
      /: ECONNREFUSED$/,
    );
    const auth = Object.assign(new Error('password authentication failed for user "u"'), {
      code: '28P01',
    });
    expect(connectionError(auth, 'postgres://u@h/x')).toBeInstanceOf(UsageError);
  });

  it('says how to fix a login PostgreSQL refuses, a missing database or an unknown host', () => {
    const failure = (code: string, message: string, url: string) =>
      (connectionError(Object.assign(new Error(message), { code }), url) as Error).message;
    expect(
      failure(
        '28000',
        'no PostgreSQL user name specified in startup packet',
        'postgres://127.0.0.1:5432/test',
      ),
    ).toBe(
      'cannot open the database at postgres://127.0.0.1:5432/test: no PostgreSQL user name specified in startup packet; name the user in DATABASE_URL (postgres://USER@127.0.0.1:5432/test)',
    );
    expect(
      failure('28P01', 'password authentication failed for user "u"', 'postgres://u:p@h/x'),
    ).toBe(
      'cannot open the database at postgres://u:***@h/x: password authentication failed for user "u"; check the user and password in DATABASE_URL',
    );
    expect(failure('3D000', 'database "x" does not exist', 'postgres://u@h/x')).toMatch(
      /: database "x" does not exist; create it, or name another database in DATABASE_URL$/,
    );
    expect(failure('ENOTFOUND', 'getaddrinfo ENOTFOUND h', 'postgres://u@h/x')).toMatch(
      /: getaddrinfo ENOTFOUND h; check the host name in DATABASE_URL$/,
    );
  });

  it('says what to change when PostgreSQL refuses SSL or its certificate is refused', () => {
    // pg's error for sslmode=require against a server without SSL carries no code.
    const noSsl = new Error('The server does not support SSL connections');
    const url = 'postgres://u@h/x?sslmode=require';
    expect(connectionError(noSsl, url)).toEqual(
      new UsageError(
        'cannot open the database at postgres://u@h/x?sslmode=require: The server does not support SSL connections; enable SSL on the server, or drop sslmode (or ssl) from DATABASE_URL',
      ),
    );
    const selfSigned = Object.assign(new Error('self-signed certificate'), {
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect((connectionError(selfSigned, url) as Error).message).toMatch(
      /: self-signed certificate; check the server's certificate, or the sslmode \(or ssl\) of DATABASE_URL$/,
    );
  });

  it('keeps the cause for LOG_LEVEL=debug', () => {
    const error = refused();
    expect((connectionError(error, 'postgres://u@h/x') as Error).cause).toBe(error);
  });

  it('passes the queue refusal on as a usage error and anything else unchanged', () => {
    expect(connectionError(new QueueUnavailableError('Redis is not reachable'), '')).toEqual(
      new UsageError('Redis is not reachable'),
    );
    const bug = new TypeError('x is undefined');
    expect(connectionError(bug, 'postgres://u@h/x')).toBe(bug);
    const sql = Object.assign(new Error('syntax error'), { code: '42601' });
    expect(connectionError(sql, 'postgres://u@h/x')).toBe(sql);
  });

  it('hides only the password of an address', () => {
    expect(redactUrl('postgres://u:p@ss@h:5432/x')).toBe('postgres://u:***@h:5432/x');
    expect(redactUrl('sqlite:/data/calintel.sqlite')).toBe('sqlite:/data/calintel.sqlite');
  });
});

describe('sayWarnings', () => {
  const said = (logLevel: Config['logLevel']) => {
    const lines: string[] = [];
    sayWarnings(
      { logLevel, warnings: ['key generated'] },
      { write: (s: string) => lines.push(s) > 0 },
    );
    return lines;
  };

  it('writes each warning as a plain line, unless LOG_LEVEL silences warnings', () => {
    expect(said('info')).toEqual(['calintel: warning: key generated\n']);
    expect(said('warn')).toEqual(['calintel: warning: key generated\n']);
    expect(said('error')).toEqual([]);
    expect(said('silent')).toEqual([]);
  });
});
