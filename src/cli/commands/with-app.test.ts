import { describe, expect, it } from 'vitest';
import { QueueUnavailableError } from '../../jobs/job-queue.js';
import { UsageError } from '../output.js';
import { connectionError, redactUrl } from './with-app.js';

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
