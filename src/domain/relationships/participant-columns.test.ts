import { describe, expect, it } from 'vitest';
import { DECLINED_SO_FAR, JOINED, NOT_INVITED, ParticipantColumns } from './participant-columns.js';

const EMAILS = ['zoe@acme.com', 'amy@acme.com', 'bob@acme.com', 'cat@acme.com'];
const emailOf = (person: number) => EMAILS[person] as string;

describe('participant columns', () => {
  it('list who joined by first seen, then email, leaving out who only declined', () => {
    const columns = new ParticipantColumns();
    columns.reserve(4);
    columns.order.push(0, 1, 2, 3);
    columns.state.set([JOINED, JOINED, DECLINED_SO_FAR, JOINED]);
    columns.firstSeen.set([20, 20, 5, 10]);
    expect(columns.inJoinOrder(emailOf)).toEqual([3, 1, 0]);
  });

  it('grow without losing what they hold, and forget an account’s people when cleared', () => {
    const columns = new ParticipantColumns();
    columns.state[3] = JOINED;
    columns.firstSeen[3] = 42;
    columns.titles[3] = 'CFO';
    columns.reserve(1_000);
    expect(columns.state.length).toBeGreaterThanOrEqual(1_000);
    expect(columns.state[3]).toBe(JOINED);
    expect(columns.firstSeen[3]).toBe(42);
    columns.order.push(3);
    columns.clear(4);
    expect(columns.state[3]).toBe(NOT_INVITED);
    expect(columns.titles[3]).toBeNull();
    expect(columns.order).toEqual([]);
  });
});
