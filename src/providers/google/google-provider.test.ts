import { describe, expect, it } from 'vitest';
import type { FetchChangesRequest, SyncPage } from '../provider.js';
import type { EventsPage, GoogleClient, ListEventsRequest } from './google-client.js';
import { mapGoogleError } from './google-errors.js';
import { GoogleProvider } from './google-provider.js';

const request: FetchChangesRequest = {
  connection: {
    id: 'connection-1',
    secrets: { accessToken: 'a', refreshToken: 'r', expiresAt: String(Date.now() + 3_600_000) },
    settings: {},
  },
  calendar: { providerCalendarId: 'primary', name: 'Work', timeZone: 'UTC', isPrimary: true },
  cursor: null,
  window: { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') },
};

const meeting = (id: string) => ({
  id,
  status: 'confirmed',
  summary: `Meeting ${id}`,
  start: { dateTime: '2026-03-02T10:00:00Z' },
  end: { dateTime: '2026-03-02T11:00:00Z' },
});

async function pagesFor(page: EventsPage): Promise<SyncPage[]> {
  const client = { listEvents: () => Promise.resolve(page) } as unknown as GoogleClient;
  const pages: SyncPage[] = [];
  for await (const synced of new GoogleProvider(client).fetchChanges(request)) pages.push(synced);
  return pages;
}

describe('GoogleProvider pages', () => {
  it('hand each event over with its own JSON as Google sent it, removals and failures skipped', async () => {
    const items = [
      { id: 'gone', status: 'cancelled' },
      meeting('a'),
      { id: 'no-start', status: 'confirmed', summary: 'Broken' },
      meeting('b'),
    ];
    const texts = items.map((item) => ` ${JSON.stringify(item)}`);
    const [page] = await pagesFor({ items, itemTexts: texts, nextSyncToken: 's1' });
    expect(page?.deletions).toEqual(['gone']);
    expect(page?.issues.map((issue) => issue.providerEventId)).toEqual(['no-start']);
    expect(page?.upserts.map((u) => [u.event.providerEventId, u.rawJson])).toEqual([
      ['a', texts[1]],
      ['b', texts[3]],
    ]);
  });

  it('leaves the raw JSON to the store when the texts could not be read', async () => {
    const [page] = await pagesFor({ items: [meeting('a')], itemTexts: null, nextSyncToken: 's1' });
    expect(page?.upserts[0]?.rawJson).toBeUndefined();
    expect(page?.upserts[0]?.raw).toEqual(meeting('a'));
  });
});

describe('GoogleProvider listings', () => {
  const retainedSince = new Date('2025-03-01T00:00:00.000Z');

  /** A client that answers from `answers` in turn and records what it was asked. */
  function recordingClient(answers: Array<EventsPage | Error>) {
    const asked: ListEventsRequest[] = [];
    const client = {
      listEvents: (_tokens: unknown, listing: ListEventsRequest) => {
        asked.push(listing);
        const answer = answers.shift();
        if (!answer) throw new Error('no more answers');
        return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
      },
    } as unknown as GoogleClient;
    return { client, asked };
  }

  async function drain(client: GoogleClient, overrides: Partial<FetchChangesRequest>) {
    const pages: SyncPage[] = [];
    for await (const page of new GoogleProvider(client).fetchChanges({ ...request, ...overrides }))
      pages.push(page);
    return pages;
  }

  it('bound a full listing below by the retention cutoff, on every page', async () => {
    const { client, asked } = recordingClient([
      { items: [meeting('a')], itemTexts: null, nextPageToken: 'p2' },
      { items: [meeting('b')], itemTexts: null, nextSyncToken: 's1' },
    ]);
    const pages = await drain(client, { retainedSince });
    expect(pages.map((p) => p.mode)).toEqual(['snapshot', 'snapshot']);
    expect(asked.map((l) => [l.timeMin, l.pageToken])).toEqual([
      ['2025-03-01T00:00:00.000Z', undefined],
      ['2025-03-01T00:00:00.000Z', 'p2'],
    ]);
  });

  it('never send timeMin beside a sync token, but bound the full listing a 410 leads to', async () => {
    // What the client throws for Google's 410 fullSyncRequired (google-errors.ts).
    const gone = mapGoogleError(
      Object.assign(new Error('Request failed with status code 410'), {
        status: 410,
        response: {
          status: 410,
          data: { error: { code: 410, errors: [{ reason: 'fullSyncRequired' }] } },
          headers: new Headers(),
        },
      }),
      'listing events',
    );
    const { client, asked } = recordingClient([
      gone,
      { items: [], itemTexts: null, nextSyncToken: 's2' },
    ]);
    await drain(client, { retainedSince, cursor: JSON.stringify({ syncToken: 's1' }) });
    expect(asked.map((l) => [l.syncToken, l.timeMin])).toEqual([
      ['s1', undefined],
      [undefined, '2025-03-01T00:00:00.000Z'],
    ]);
  });

  it('list the whole calendar when every event is kept', async () => {
    const { client, asked } = recordingClient([
      { items: [], itemTexts: null, nextSyncToken: 's1' },
    ]);
    await drain(client, {});
    expect(asked[0]?.timeMin).toBeUndefined();
  });
});

describe('GoogleProvider and deleted series', () => {
  const cancelledInstance = (series: string, day: string) => ({
    id: `${series}_${day}T100000Z`,
    status: 'cancelled',
    recurringEventId: series,
    originalStartTime: {
      dateTime: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}T10:00:00Z`,
    },
  });
  const delta: EventsPage = {
    items: [cancelledInstance('s1', '20260302'), cancelledInstance('s1', '20260309')],
    itemTexts: null,
    nextSyncToken: 's2',
  };
  const relisted: EventsPage = { items: [meeting('a')], itemTexts: null, nextSyncToken: 's3' };

  /** Lists `pages` in turn (an Error is thrown); events.get of a master answers `master`. */
  async function run(pages: (EventsPage | Error)[], master: object | Error) {
    const listed: ListEventsRequest[] = [];
    const asked: string[] = [];
    const client = {
      listEvents: (_tokens: unknown, listing: ListEventsRequest) => {
        listed.push(listing);
        const page = pages.shift();
        if (page instanceof Error) return Promise.reject(page);
        return page ? Promise.resolve(page) : Promise.reject(new Error('no more pages'));
      },
      getEvent: (_tokens: unknown, ref: { eventId: string }) => {
        asked.push(ref.eventId);
        return master instanceof Error ? Promise.reject(master) : Promise.resolve(master);
      },
    } as unknown as GoogleClient;
    const synced: SyncPage[] = [];
    const cursor = JSON.stringify({ syncToken: 's1' });
    for await (const page of new GoogleProvider(client).fetchChanges({ ...request, cursor }))
      synced.push(page);
    return { synced, listed, asked };
  }

  it('list the calendar again when a cancelled instance belongs to a deleted series', async () => {
    const { synced, listed, asked } = await run([delta, relisted], {
      id: 's1',
      status: 'cancelled',
    });
    expect(asked).toEqual(['s1']);
    expect(listed.map((l) => l.syncToken)).toEqual(['s1', undefined]);
    expect(synced.map((p) => [p.mode, p.nextCursor, p.hasMore])).toEqual([
      ['delta', null, true],
      ['snapshot', JSON.stringify({ syncToken: 's3' }), false],
    ]);
    expect(synced[0]?.deletions).toEqual(['s1_20260302T100000Z', 's1_20260309T100000Z']);
  });

  it('fail the run, not list again, when the listing a deleted series asked for is refused 410', async () => {
    // Before, the 410 was caught as the delta's own and a second listing followed in the same
    // run: the engine took both for one snapshot, and kept what the first page had listed before
    // a change (found by the convergence test: an instance of a series deleted meanwhile stayed).
    const goneToken = mapGoogleError(
      Object.assign(new Error('Sync token is no longer valid'), {
        status: 410,
        response: {
          status: 410,
          data: { error: { code: 410, errors: [{ reason: 'fullSyncRequired' }] } },
          headers: new Headers(),
        },
      }),
      'listing events',
    );
    const firstPage: EventsPage = { items: [meeting('a')], itemTexts: null, nextPageToken: 'p2' };
    const failed = await run([delta, firstPage, goneToken, relisted], {
      id: 's1',
      status: 'cancelled',
    }).catch((error: unknown) => error);
    expect(failed).toBe(goneToken);
  });

  it('list the calendar again when the series master is gone altogether (404)', async () => {
    const notFound = mapGoogleError(
      Object.assign(new Error('Not Found'), {
        status: 404,
        response: { status: 404, data: { error: { code: 404 } }, headers: new Headers() },
      }),
      'reading an event',
    );
    const { synced } = await run([delta, relisted], notFound);
    expect(synced.map((p) => p.mode)).toEqual(['delta', 'snapshot']);
  });

  it('remove only the cancelled instance of a series that lives on', async () => {
    const { synced, listed } = await run([delta], { id: 's1', status: 'confirmed' });
    expect(listed).toHaveLength(1);
    expect(synced.map((p) => [p.mode, p.nextCursor, p.deletions.length])).toEqual([
      ['delta', JSON.stringify({ syncToken: 's2' }), 2],
    ]);
  });
});

describe("GoogleProvider and the calendar's own entry (self)", () => {
  const event = {
    ...meeting('m1'),
    attendees: [{ email: 'alias@northwind-labs.io', self: true, responseStatus: 'declined' }],
  };

  async function ownEntry(calendar: Partial<FetchChangesRequest['calendar']>, account?: string) {
    const client = {
      listEvents: () => Promise.resolve({ items: [event], itemTexts: null, nextSyncToken: 's1' }),
    } as unknown as GoogleClient;
    const pages: SyncPage[] = [];
    const connection = { ...request.connection, settings: account ? { account } : {} };
    const asked = { ...request, connection, calendar: { ...request.calendar, ...calendar } };
    for await (const page of new GoogleProvider(client).fetchChanges(asked)) pages.push(page);
    return pages[0]?.upserts[0]?.event.attendees[0]?.email;
  }

  it("is the account on its primary and secondary calendars, not on another person's", async () => {
    const dana = 'dana@northwind.io';
    expect(await ownEntry({ providerCalendarId: 'primary', isPrimary: true }, dana)).toBe(dana);
    expect(await ownEntry({ providerCalendarId: dana, isPrimary: false }, dana)).toBe(dana);
    const secondary = { providerCalendarId: 'c_1@group.calendar.google.com', isPrimary: false };
    expect(await ownEntry(secondary, dana)).toBe(dana);
    // A teammate's calendar shared with Dana: `self` is the teammate.
    const teammate = { providerCalendarId: 'sam@northwind.io', isPrimary: false };
    expect(await ownEntry(teammate, dana)).toBe('alias@northwind-labs.io');
    // A room's calendar: `self` is the room.
    const room = { providerCalendarId: 'r1@resource.calendar.google.com', isPrimary: false };
    expect(await ownEntry(room, dana)).toBe('alias@northwind-labs.io');
    // A connection that does not name its account.
    expect(await ownEntry({ isPrimary: true })).toBe('alias@northwind-labs.io');
  });
});
