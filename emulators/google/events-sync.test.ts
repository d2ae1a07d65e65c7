import type { calendar_v3 } from '@googleapis/calendar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from './index.js';
import {
  buildEvent,
  buildSeed,
  connect,
  failure,
  listAll,
  NO_RETRY,
  NOW,
  type Connected,
} from './test-kit.js';

const CAL = 'alice@example.com';
const FULL_SYNC_REQUIRED = {
  error: {
    code: 410,
    message: 'Sync token is no longer valid, a full sync is required.',
    errors: [
      {
        domain: 'calendar',
        reason: 'fullSyncRequired',
        message: 'Sync token is no longer valid, a full sync is required.',
        locationType: 'parameter',
        location: 'syncToken',
      },
    ],
  },
};

let emulator: RunningGoogleEmulator;
let client: Connected;

/** Seven events, one per day from 2026-03-02, ids e1..e7. */
function weekOfEvents() {
  return Array.from({ length: 7 }, (_, i) =>
    buildEvent({
      id: `e${i + 1}`,
      summary: `Day ${i + 1}`,
      start: { dateTime: `2026-03-0${i + 2}T09:00:00Z` },
      end: { dateTime: `2026-03-0${i + 2}T10:00:00Z` },
    }),
  );
}

beforeEach(async () => {
  emulator = await startGoogleEmulator({ seed: buildSeed(weekOfEvents()), now: () => NOW });
  client = await connect(emulator);
});

afterEach(async () => {
  await emulator.close();
});

function shape(pages: calendar_v3.Schema$Events[]) {
  return pages.map((p) => ({
    size: p.items?.length,
    page: Boolean(p.nextPageToken),
    sync: Boolean(p.nextSyncToken),
  }));
}

async function fullSync(params: calendar_v3.Params$Resource$Events$List = {}) {
  const result = await listAll(client.api, { calendarId: CAL, ...params });
  return { ...result, syncToken: result.pages.at(-1)?.nextSyncToken ?? '' };
}

describe('events.list paging', () => {
  it('pages through short and empty pages, with the sync token on the last page only', async () => {
    emulator.state.updateSettings({ pageShapes: { sizes: [2, 0, 3, 0] } });
    const { pages, items, syncToken } = await fullSync({ maxResults: 3 });
    expect(shape(pages)).toEqual([
      { size: 2, page: true, sync: false },
      { size: 0, page: true, sync: false },
      { size: 3, page: true, sync: false },
      { size: 0, page: true, sync: false },
      { size: 2, page: false, sync: true },
    ]);
    expect(items.map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']);
    expect(syncToken).toBeTruthy();
  });

  it('cuts random short and empty pages the same way for the same seed', async () => {
    const shapes = { shortPageRate: 0.4, emptyPageRate: 0.5, seed: 42 };
    emulator.state.updateSettings({ pageShapes: shapes });
    const first = await fullSync({ maxResults: 3 });
    emulator.state.updateSettings({ pageShapes: shapes });
    const second = await fullSync({ maxResults: 3 });
    expect(shape(second.pages)).toEqual(shape(first.pages));
    const sizes = first.pages.map((p) => p.items?.length ?? 0);
    expect(sizes).toContain(0);
    expect(sizes.some((size) => size > 0 && size < 3)).toBe(true);
    expect(first.items.map((e) => e.id).sort()).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']);
  });

  it('serves later pages from a snapshot: a change between pages neither repeats nor hides events', async () => {
    const first = await client.api.events.list({ calendarId: CAL, maxResults: 3 });
    emulator.state.addEvent(CAL, buildEvent({ id: 'e0', summary: 'Zero' }));
    emulator.state.cancelEvent(CAL, 'e5');
    emulator.state.updateEvent(CAL, 'e2', { summary: 'changed' });
    const rest = await listAll(client.api, {
      calendarId: CAL,
      maxResults: 3,
      pageToken: first.data.nextPageToken ?? '',
    });
    const ids = [...(first.data.items ?? []), ...rest.items].map((e) => e.id);
    expect(ids).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']);
    // The next incremental call picks up exactly what changed meanwhile.
    const token = rest.pages.at(-1)?.nextSyncToken ?? '';
    const { data } = await client.api.events.list({ calendarId: CAL, syncToken: token });
    expect(data.items?.map((e) => [e.id, e.status, e.summary])).toEqual([
      ['e0', 'confirmed', 'Zero'],
      ['e5', 'cancelled', undefined],
      ['e2', 'confirmed', 'changed'],
    ]);
  });

  it('refuses a page token sent with different parameters', async () => {
    const first = await client.api.events.list({ calendarId: CAL, maxResults: 3 });
    const error = await failure(
      client.api.events.list(
        { calendarId: CAL, maxResults: 3, q: 'Day', pageToken: first.data.nextPageToken ?? '' },
        NO_RETRY,
      ),
    );
    expect(error.status).toBe(400);
  });
});

describe('incremental sync', () => {
  it('returns creations, updates and deletions (tombstones carry only id), then nothing', async () => {
    const { syncToken } = await fullSync();
    emulator.state.addEvent(CAL, buildEvent({ id: 'new1', summary: 'New' }));
    emulator.state.updateEvent(CAL, 'e3', { summary: 'Renamed' });
    emulator.state.deleteEvent(CAL, 'e4');
    const { data } = await client.api.events.list({ calendarId: CAL, syncToken });
    expect(data.items?.map((e) => [e.id, e.status, e.summary])).toEqual([
      ['new1', 'confirmed', 'New'],
      ['e3', 'confirmed', 'Renamed'],
      ['e4', 'cancelled', undefined],
    ]);
    expect(Object.keys(data.items?.[2] ?? {}).sort()).toEqual(['etag', 'id', 'kind', 'status']);
    expect(data.nextPageToken).toBeUndefined();
    const again = await client.api.events.list({
      calendarId: CAL,
      syncToken: data.nextSyncToken ?? '',
    });
    expect(again.data.items).toEqual([]);
    expect(again.data.nextSyncToken).toBeTruthy();
  });

  it('changes the etag, updated and sequence of an event when it changes', async () => {
    const before = (await client.api.events.get({ calendarId: CAL, eventId: 'e1' })).data;
    emulator.state.moveEvent(CAL, 'e1', {
      start: { dateTime: '2026-03-02T11:00:00Z' },
      end: { dateTime: '2026-03-02T12:00:00Z' },
    });
    const after = (await client.api.events.get({ calendarId: CAL, eventId: 'e1' })).data;
    expect(after.etag).not.toBe(before.etag);
    expect(after.sequence).toBe((before.sequence ?? 0) + 1);
    expect(after.start).toEqual({ dateTime: '2026-03-02T11:00:00Z' });
  });

  it('answers 410 fullSyncRequired, word for word, for a garbage token and an invalidated one', async () => {
    const garbage = await failure(
      client.api.events.list({ calendarId: CAL, syncToken: 'garbage' }, NO_RETRY),
    );
    expect([garbage.status, garbage.data]).toEqual([410, FULL_SYNC_REQUIRED]);
    const { syncToken } = await fullSync();
    emulator.state.invalidateSyncTokens(CAL);
    const invalidated = await failure(
      client.api.events.list({ calendarId: CAL, syncToken }, NO_RETRY),
    );
    expect([invalidated.status, invalidated.data]).toEqual([410, FULL_SYNC_REQUIRED]);
  });

  it.each([
    ['timeMin', { timeMin: '2026-03-01T00:00:00Z' }],
    ['timeMax', { timeMax: '2026-04-01T00:00:00Z' }],
    ['updatedMin', { updatedMin: '2026-01-01T00:00:00Z' }],
    ['q', { q: 'Day' }],
    ['orderBy', { orderBy: 'updated' }],
    ['iCalUID', { iCalUID: 'e1@google.com' }],
    ['privateExtendedProperty', { privateExtendedProperty: ['a=b'] }],
    ['sharedExtendedProperty', { sharedExtendedProperty: ['a=b'] }],
    ['showDeleted', { showDeleted: false }],
  ])('refuses a sync token sent with %s (400)', async (name, extra) => {
    const { syncToken } = await fullSync();
    const error = await failure(
      client.api.events.list({ calendarId: CAL, syncToken, ...extra }, NO_RETRY),
    );
    expect(error.status).toBe(400);
    const body = error.data as { error: { errors: { location: string }[] } };
    expect(body.error.errors[0]?.location).toBe(name);
  });

  it('accepts showDeleted=true with a sync token, and refuses a token from another singleEvents', async () => {
    const { syncToken } = await fullSync();
    const ok = await client.api.events.list({ calendarId: CAL, syncToken, showDeleted: true });
    expect(ok.status).toBe(200);
    const error = await failure(
      client.api.events.list({ calendarId: CAL, syncToken, singleEvents: true }, NO_RETRY),
    );
    expect(error.status).toBe(400);
  });
});

describe('events.list filters', () => {
  it('filters timeMin on the end and timeMax on the start', async () => {
    const { items } = await fullSync({
      timeMin: '2026-03-03T09:30:00Z', // e2 ends 10:00 on the 3rd: still listed
      timeMax: '2026-03-05T09:00:00Z', // e4 starts exactly then: not listed
    });
    expect(items.map((e) => e.id)).toEqual(['e2', 'e3']);
  });

  it('answers 400 timeRangeEmpty for an inverted range', async () => {
    const error = await failure(
      client.api.events.list(
        { calendarId: CAL, timeMin: '2026-03-05T00:00:00Z', timeMax: '2026-03-04T00:00:00Z' },
        NO_RETRY,
      ),
    );
    expect(error.status).toBe(400);
    expect(error.data).toMatchObject({
      error: { errors: [{ domain: 'calendar', reason: 'timeRangeEmpty', location: 'timeMax' }] },
    });
  });

  it('allows orderBy=startTime only with singleEvents', async () => {
    const error = await failure(
      client.api.events.list({ calendarId: CAL, orderBy: 'startTime' }, NO_RETRY),
    );
    expect(error.status).toBe(400);
    const ok = await fullSync({ orderBy: 'startTime', singleEvents: true });
    expect(ok.items).toHaveLength(7);
  });

  it('shows deleted events only with showDeleted, and finds events by q and iCalUID', async () => {
    emulator.state.deleteEvent(CAL, 'e1');
    expect((await fullSync()).items.map((e) => e.id)).not.toContain('e1');
    const withDeleted = await fullSync({ showDeleted: true });
    expect(withDeleted.items.find((e) => e.id === 'e1')?.status).toBe('cancelled');
    expect((await fullSync({ q: 'day 3' })).items.map((e) => e.id)).toEqual(['e3']);
    expect((await fullSync({ iCalUID: 'e6@google.com' })).items.map((e) => e.id)).toEqual(['e6']);
  });

  it('lists the primary calendar as "primary" and answers 404 notFound for unknown ids', async () => {
    const { items } = await fullSync({ calendarId: 'primary' });
    expect(items).toHaveLength(7);
    const event = await failure(
      client.api.events.get({ calendarId: CAL, eventId: 'missing' }, NO_RETRY),
    );
    expect(event.status).toBe(404);
    expect(event.data).toMatchObject({ error: { errors: [{ reason: 'notFound' }] } });
    const calendar = await failure(
      client.api.events.list({ calendarId: 'nobody@example.com' }, NO_RETRY),
    );
    expect(calendar.status).toBe(404);
  });
});

describe('event fields and calendars', () => {
  it("marks the calendar's own entry self, as Google does, and leaves a seeded self alone", async () => {
    emulator.state.addEvent(CAL, {
      ...buildEvent({ id: 'selfless1' }),
      organizer: { email: 'jane@acme.test' },
      attendees: [
        { email: 'jane@acme.test', organizer: true, responseStatus: 'accepted' },
        { email: 'Alice@Example.com', responseStatus: 'declined' },
      ],
    });
    emulator.state.addEvent('team@example.com', {
      ...buildEvent({ id: 'alias1' }),
      attendees: [{ email: 'alice.a@example.org', self: true, responseStatus: 'tentative' }],
    });
    const { data } = await client.api.events.get({ calendarId: CAL, eventId: 'selfless1' });
    expect(data.organizer).toEqual({ email: 'jane@acme.test' });
    expect(data.attendees?.map((a) => a.self)).toEqual([undefined, true]);
    const team = await client.api.events.get({ calendarId: 'team@example.com', eventId: 'alias1' });
    expect(team.data.organizer).toMatchObject({ email: 'team@example.com', self: true });
    expect(team.data.attendees?.map((a) => [a.email, a.self])).toEqual([
      ['alice.a@example.org', true],
    ]);
  });

  it('returns a seeded event with its fields unchanged and Google’s defaults filled in', async () => {
    const seeded = {
      id: 'rich1',
      summary: 'Acme call',
      description: 'Pricing',
      location: 'Room 1',
      start: { dateTime: '2026-03-02T09:00:00+01:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-03-02T10:00:00+01:00', timeZone: 'Europe/Berlin' },
      transparency: 'transparent' as const,
      visibility: 'private' as const,
      attendees: [
        {
          email: 'alice@example.com',
          organizer: true,
          self: true,
          responseStatus: 'accepted' as const,
        },
        {
          email: 'jane@acme.test',
          displayName: 'Jane',
          optional: true,
          responseStatus: 'declined' as const,
          comment: 'away',
        },
        { email: 'room@resource.example.com', resource: true, responseStatus: 'accepted' as const },
      ],
      hangoutLink: 'https://meet.google.com/abc-defg-hij',
      conferenceData: {
        conferenceId: 'abc-defg-hij',
        conferenceSolution: {
          key: { type: 'hangoutsMeet' },
          name: 'Google Meet',
          iconUri: 'https://x.test/i.png',
        },
        entryPoints: [
          { entryPointType: 'video' as const, uri: 'https://meet.google.com/abc-defg-hij' },
        ],
      },
      endTimeUnspecified: false,
    };
    emulator.state.addEvent(CAL, seeded);
    const { data } = await client.api.events.get({ calendarId: CAL, eventId: 'rich1' });
    expect(data).toMatchObject(seeded);
    expect(data).toMatchObject({
      kind: 'calendar#event',
      status: 'confirmed',
      iCalUID: 'rich1@google.com',
      sequence: 0,
      eventType: 'default',
      created: NOW.toISOString(),
      updated: NOW.toISOString(),
      organizer: { email: CAL, self: true },
      creator: { email: CAL, self: true },
    });
    expect(data.etag).toMatch(/^"\d+"$/);
    expect(data.htmlLink).toMatch(/^https:\/\/www\.google\.com\/calendar\/event\?eid=/);
  });

  it('pages calendarList with maxResults and pageToken', async () => {
    const first = await client.api.calendarList.list({ maxResults: 1 });
    expect(first.data.items?.map((c) => c.id)).toEqual([CAL]);
    const second = await client.api.calendarList.list({
      maxResults: 1,
      pageToken: first.data.nextPageToken ?? '',
    });
    expect(second.data.items?.map((c) => [c.id, c.timeZone, c.summary])).toEqual([
      ['team@example.com', 'UTC', 'Team'],
    ]);
    expect(second.data.nextPageToken).toBeUndefined();
  });
});
