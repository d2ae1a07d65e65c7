import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead.js';

/** A source that records when each page was requested, relative to what the consumer did. */
function recordingSource(pages: number, log: string[], failAt?: number) {
  return (async function* () {
    try {
      for (let i = 1; i <= pages; i++) {
        log.push(`fetch ${i}`);
        await new Promise((resolve) => setImmediate(resolve));
        if (i === failAt) throw new Error(`page ${i} failed`);
        yield i;
      }
    } finally {
      log.push('source closed');
    }
  })();
}

describe('readAhead', () => {
  it('requests the next page while the current one is being handled, in order', async () => {
    const log: string[] = [];
    for await (const page of readAhead(recordingSource(3, log))) {
      log.push(`commit ${page} start`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`commit ${page} end`);
    }
    expect(log).toEqual([
      'fetch 1',
      'fetch 2',
      'commit 1 start',
      'commit 1 end',
      'fetch 3',
      'commit 2 start',
      'commit 2 end',
      // Reading ahead past the last page finds the end before the last page is handled.
      'source closed',
      'commit 3 start',
      'commit 3 end',
    ]);
  });

  it('lets a request that leaves from a later event loop turn go out before a synchronous commit', async () => {
    let sent = 0;
    const source = (async function* () {
      for (let i = 1; i <= 3; i++) {
        // As an HTTP client does: the request is written from a callback, not the promise chain.
        await new Promise((resolve) => setImmediate(resolve));
        sent = i;
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield i;
      }
    })();
    const sentWhenCommitStarted: number[] = [];
    for await (const page of readAhead(source)) {
      // A SQLite commit blocks the event loop: whatever was not sent by now waits for its end.
      sentWhenCommitStarted.push(sent);
      expect(page).toBeGreaterThan(0);
    }
    expect(sentWhenCommitStarted).toEqual([2, 3, 3]);
  });

  it('a failed fetch surfaces only after the page before it was handled', async () => {
    const log: string[] = [];
    const committed: number[] = [];
    await expect(async () => {
      for await (const page of readAhead(recordingSource(3, log, 2))) committed.push(page);
    }).rejects.toThrow('page 2 failed');
    expect(committed).toEqual([1]);
  });

  it('a consumer that stops early closes the source, without an unhandled rejection', async () => {
    const log: string[] = [];
    await expect(async () => {
      for await (const page of readAhead(recordingSource(3, log, 2))) {
        if (page === 1) throw new Error('commit failed');
      }
    }).rejects.toThrow('commit failed');
    expect(log.at(-1)).toBe('source closed');
  });
});
