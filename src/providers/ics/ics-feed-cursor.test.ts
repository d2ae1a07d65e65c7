/**
 * What a feed's cursor keeps from one poll to the next: the validators the next request sends,
 * and the memory of an empty answer.
 */
import { describe, expect, it } from 'vitest';
import { buildCalendar, buildEvent } from '../../../test/conformance/ics-builder.js';
import type { SyncPage } from '../provider.js';
import type { FeedResponse, FeedValidators, IcsClient } from './ics-client.js';
import { IcsProvider } from './ics-provider.js';

const window = { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-03-01T00:00:00Z') };
const calendar = { providerCalendarId: 'default', name: 'F', timeZone: null, isPrimary: true };
const connection = { id: 'c', secrets: { url: 'https://feed.test/x.ics' }, settings: {} };
const WHOLE = buildCalendar([
  buildEvent({ UID: 'a', DTSTART: '20240102T090000Z', DTEND: '20240102T100000Z' }),
]);

/** A feed that answers each request with the next of `answers`, and records what it was sent. */
class ScriptedFeed {
  readonly sent: Array<FeedValidators | null> = [];
  private next = 0;

  constructor(private readonly answers: FeedResponse[]) {}

  readonly client = {
    fetchFeed: async (_url: string, validators: FeedValidators | null): Promise<FeedResponse> => {
      this.sent.push(
        validators && { etag: validators.etag, lastModified: validators.lastModified },
      );
      const answer = this.answers[this.next++];
      if (!answer) throw new Error('the feed was asked more often than scripted');
      return answer;
    },
  };
}

function body(text: string, etag: string | null, lastModified: string | null = null): FeedResponse {
  return {
    kind: 'content',
    text,
    contentType: 'text/calendar',
    charsetIssue: null,
    validators: { etag, lastModified },
  };
}

/** Polls the feed `times` times, each run starting from the cursor the last page left. */
async function poll(feed: ScriptedFeed, times: number): Promise<SyncPage[][]> {
  const provider = new IcsProvider(feed.client as unknown as IcsClient);
  const runs: SyncPage[][] = [];
  let cursor: string | null = null;
  for (let i = 0; i < times; i++) {
    const pages: SyncPage[] = [];
    for await (const page of provider.fetchChanges({ connection, calendar, cursor, window }))
      pages.push(page);
    cursor = pages.at(-1)?.nextCursor ?? cursor;
    runs.push(pages);
  }
  return runs;
}

describe("an ICS feed's validators", () => {
  it('keeps the new ETag of an unchanged body, so that the next poll is conditional on it', async () => {
    const feed = new ScriptedFeed([
      body(WHOLE, '"v1"'),
      body(WHOLE, '"v2"', 'Tue, 02 Jan 2024 10:00:00 GMT'),
      { kind: 'not_modified' },
    ]);
    const [, second] = await poll(feed, 3);
    expect(second).toHaveLength(1);
    expect(second?.[0]).toMatchObject({ mode: 'delta', upserts: [], deletions: [], issues: [] });
    expect(feed.sent).toEqual([
      null,
      { etag: '"v1"', lastModified: null },
      { etag: '"v2"', lastModified: 'Tue, 02 Jan 2024 10:00:00 GMT' },
    ]);
  });

  it('yields nothing when an unchanged body comes back under the same validators', async () => {
    const feed = new ScriptedFeed([body(WHOLE, '"v1"'), body(WHOLE, '"v1"')]);
    const [, second] = await poll(feed, 2);
    expect(second).toEqual([]);
  });
});

describe('an ICS feed that answers with an empty calendar', () => {
  const empty = (stamp: string) =>
    ['BEGIN:VCALENDAR', 'VERSION:2.0', `X-GENERATED:${stamp}`, 'END:VCALENDAR', ''].join('\r\n');

  it('applies the second empty answer in a row even when its bytes differ from the first', async () => {
    const feed = new ScriptedFeed([
      body(WHOLE, '"v1"'),
      body(empty('20240105T100000Z'), '"e1"'),
      body(empty('20240105T110000Z'), '"e2"'),
    ]);
    const [, first, second] = await poll(feed, 3);
    expect(first).toHaveLength(1);
    expect(first?.[0]?.mode).toBe('delta');
    expect(JSON.stringify(first?.[0]?.issues)).toMatch(/nothing was removed/);
    // The answer after a first empty one is fetched whole, without validators.
    expect(feed.sent[2]).toEqual({ etag: null, lastModified: null });
    expect(second?.map((page) => [page.mode, page.upserts.length, page.hasMore])).toEqual([
      ['snapshot', 0, false],
    ]);
  });
});
