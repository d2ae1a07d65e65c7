import { describe, expect, it } from 'vitest';
import { PingCheck } from './ping-check.js';

/** A PING the test answers (or not) by hand, counting how many were sent. */
function scriptedPing() {
  const answers: Array<(reply: string) => void> = [];
  const failures: Array<(error: Error) => void> = [];
  return {
    sent: () => answers.length,
    ping: () =>
      new Promise<string>((resolve, reject) => {
        answers.push(resolve);
        failures.push(reject);
      }),
    answer: (index: number) => answers[index]?.('PONG'),
    fail: (index: number) => failures[index]?.(new Error('Connection is closed.')),
  };
}

describe('PingCheck', () => {
  it('says yes when Redis answers in time, and pings again for the next check', async () => {
    const redis = scriptedPing();
    const check = new PingCheck(redis.ping, 60_000);
    const first = check.answers();
    redis.answer(0);
    expect(await first).toBe(true);
    const second = check.answers();
    redis.answer(1);
    expect(await second).toBe(true);
    expect(redis.sent()).toBe(2);
  });

  it('says no when Redis does not answer within the bound', async () => {
    const redis = scriptedPing();
    expect(await new PingCheck(redis.ping, 20).answers()).toBe(false);
  });

  it('says no when the PING fails, and sends a new one next time', async () => {
    const redis = scriptedPing();
    const check = new PingCheck(redis.ping, 60_000);
    const first = check.answers();
    redis.fail(0);
    expect(await first).toBe(false);
    const second = check.answers();
    redis.answer(1);
    expect(await second).toBe(true);
  });

  it('sends no second PING while one is unanswered, and its bound counts from when it was sent', async () => {
    const redis = scriptedPing();
    let now = 0;
    const check = new PingCheck(redis.ping, 2_000, () => now);
    const polls = [check.answers()];
    now = 1_000;
    polls.push(check.answers());
    now = 2_500;
    // Past the first PING's bound: no at once, without another PING queued behind it.
    expect(await check.answers()).toBe(false);
    expect(await check.answers()).toBe(false);
    expect(redis.sent()).toBe(1);
    // Redis answers at last: the polls still waiting get yes, and the next check pings anew.
    redis.answer(0);
    expect(await Promise.all(polls)).toEqual([true, true]);
    const after = check.answers();
    redis.answer(1);
    expect(await after).toBe(true);
    expect(redis.sent()).toBe(2);
  });

  it('tells a PING that failed, with its error, from one not answered in time', async () => {
    const redis = scriptedPing();
    const failing = new PingCheck(redis.ping, 60_000);
    const failed = failing.check();
    redis.fail(0);
    expect(await failed).toEqual({ state: 'failed', error: new Error('Connection is closed.') });
    expect(await new PingCheck(redis.ping, 20).check()).toEqual({ state: 'late' });
  });
});
