import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMicrosoftEmulator, type RunningMicrosoftEmulator } from './index.js';
import { buildEvent, buildSeed, connect, failure, NOW } from './test-kit.js';

const CAL = 'cal-alice';
const WINDOW = { startDateTime: '2026-03-01T00:00:00Z', endDateTime: '2026-04-01T00:00:00Z' };

interface DeltaPage {
  value: Record<string, unknown>[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

let emulator: RunningMicrosoftEmulator;
let graph: Client;

beforeAll(async () => {
  emulator = await startMicrosoftEmulator({
    now: () => NOW,
    seed: buildSeed([
      buildEvent({
        id: 'AAMkOne',
        subject: 'One',
        start: { dateTime: '2026-03-02T09:00:00', timeZone: 'UTC' },
        end: { dateTime: '2026-03-02T10:00:00', timeZone: 'UTC' },
      }),
      buildEvent({
        id: 'AAMkTwo',
        subject: 'Two',
        start: { dateTime: '2026-03-03T09:00:00', timeZone: 'UTC' },
        end: { dateTime: '2026-03-03T10:00:00', timeZone: 'UTC' },
      }),
      buildEvent({
        id: 'AAMkLater',
        subject: 'Outside',
        start: { dateTime: '2026-06-01T09:00:00', timeZone: 'UTC' },
        end: { dateTime: '2026-06-01T10:00:00', timeZone: 'UTC' },
      }),
      {
        id: 'AAMkWeekly',
        subject: 'Weekly',
        start: { dateTime: '2026-03-04T08:00:00.0000000', timeZone: 'W. Europe Standard Time' },
        end: { dateTime: '2026-03-04T08:30:00.0000000', timeZone: 'W. Europe Standard Time' },
        recurrence: {
          pattern: {
            type: 'weekly',
            interval: 1,
            daysOfWeek: ['wednesday'],
            firstDayOfWeek: 'sunday',
          },
          range: {
            type: 'numbered',
            numberOfOccurrences: 3,
            startDate: '2026-03-04',
            recurrenceTimeZone: 'W. Europe Standard Time',
          },
        },
      },
      {
        seriesMasterId: 'AAMkWeekly',
        originalStart: '2026-03-11T07:00:00Z',
        subject: 'Weekly (moved)',
        start: { dateTime: '2026-03-12T15:00:00.0000000', timeZone: 'W. Europe Standard Time' },
        end: { dateTime: '2026-03-12T15:30:00.0000000', timeZone: 'W. Europe Standard Time' },
      },
    ]),
    settings: { accessTokenLifetimeSeconds: 30 * 86_400 },
  });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(async () => {
  emulator.state.reset();
  graph = (await connect(emulator)).graph;
});

/** Follows nextLinks to the deltaLink, sending the Prefer header on every request. */
async function round(
  first: string,
  prefer = 'odata.maxpagesize=2',
): Promise<{ pages: DeltaPage[]; items: Record<string, unknown>[]; deltaLink: string }> {
  const pages: DeltaPage[] = [];
  let request = first.startsWith('https://') ? graph.api(first) : graph.api(first).query(WINDOW);
  for (;;) {
    const page = (await request.header('Prefer', prefer).get()) as DeltaPage;
    pages.push(page);
    if (page['@odata.deltaLink']) break;
    request = graph.api(page['@odata.nextLink'] ?? '');
  }
  return {
    pages,
    items: pages.flatMap((p) => p.value),
    deltaLink: pages.at(-1)?.['@odata.deltaLink'] ?? '',
  };
}

describe('/me and calendars', () => {
  it('lists the signed-in user and their calendars through the Graph SDK', async () => {
    const me = (await graph.api('/me').get()) as Record<string, unknown>;
    expect(me).toMatchObject({
      userPrincipalName: 'alice@contoso.test',
      displayName: 'Alice Example',
    });
    const calendars = (await graph.api('/me/calendars').get()) as {
      value: Record<string, unknown>[];
    };
    expect(calendars.value.map((c) => [c.id, c.name, c.isDefaultCalendar])).toEqual([
      ['cal-alice', 'Calendar', true],
      ['cal-alice-2', 'Birthdays', false],
    ]);
  });
});

describe('calendarView/delta', () => {
  it('pages the window through nextLinks, ending on an empty page with the deltaLink', async () => {
    const { pages, items, deltaLink } = await round('/me/calendarView/delta');
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.every((p) => p.value.length <= 2)).toBe(true);
    expect(pages.at(-1)?.value).toEqual([]);
    expect(
      pages
        .slice(0, -1)
        .every((p) =>
          p['@odata.nextLink']?.startsWith(
            `${emulator.url}/v1.0/me/calendarView/delta?$skiptoken=`,
          ),
        ),
    ).toBe(true);
    expect(deltaLink).toMatch(
      new RegExp(`^${emulator.url}/v1.0/me/calendarView/delta\\?\\$deltatoken=`),
    );
    expect(items.map((i) => i.subject)).toEqual([
      'One',
      'Two',
      'Weekly',
      'Weekly (moved)',
      'Weekly',
    ]);
  });

  it('sends occurrences and exceptions with type, seriesMasterId and originalStart, never the master', async () => {
    const { items } = await round('/me/calendarView/delta');
    const series = items.filter((i) => i.seriesMasterId === 'AAMkWeekly');
    expect(series.map((i) => [i.type, i.originalStart])).toEqual([
      ['occurrence', '2026-03-04T07:00:00Z'],
      ['exception', '2026-03-11T07:00:00Z'],
      ['occurrence', '2026-03-18T07:00:00Z'],
    ]);
    expect(items.find((i) => i.id === 'AAMkWeekly')).toBeUndefined();
    expect(new Set(series.map((i) => i.iCalUId)).size).toBe(3);
    expect(series[0]?.start).toEqual({ dateTime: '2026-03-04T07:00:00.0000000', timeZone: 'UTC' });
  });

  it('honours Prefer: outlook.timezone on every page and says so in Preference-Applied', async () => {
    const { items } = await round(
      '/me/calendarView/delta',
      'odata.maxpagesize=10, outlook.timezone="Pacific Standard Time"',
    );
    expect(items[0]?.start).toEqual({
      dateTime: '2026-03-02T01:00:00.0000000',
      timeZone: 'Pacific Standard Time',
    });
    const raw = (await graph
      .api('/me/calendarView/delta')
      .query(WINDOW)
      .header('Prefer', 'outlook.timezone="Europe/Berlin"')
      .responseType('raw' as never)
      .get()) as Response;
    expect(raw.headers.get('preference-applied')).toBe('outlook.timezone="Europe/Berlin"');
  });

  it('replaying the deltaLink returns only changes: created, updated, deleted, and events that left the window as @removed', async () => {
    const first = await round('/me/calendarView/delta');
    const created = emulator.state.addEvent(
      CAL,
      buildEvent({
        subject: 'New',
        start: { dateTime: '2026-03-05T09:00:00', timeZone: 'UTC' },
        end: { dateTime: '2026-03-05T10:00:00', timeZone: 'UTC' },
      }),
    );
    emulator.state.updateEvent(CAL, 'AAMkOne', { subject: 'One (renamed)' });
    emulator.state.deleteEvent(CAL, 'AAMkTwo');
    emulator.state.moveEvent(CAL, created.id, {
      start: { dateTime: '2026-05-05T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-05-05T10:00:00', timeZone: 'UTC' },
    });
    const second = await round(first.deltaLink);
    expect(second.items).toEqual([
      expect.objectContaining({ id: 'AAMkOne', subject: 'One (renamed)' }),
      { '@odata.type': '#microsoft.graph.event', id: 'AAMkTwo', '@removed': { reason: 'deleted' } },
      {
        '@odata.type': '#microsoft.graph.event',
        id: created.id,
        '@removed': { reason: 'deleted' },
      },
    ]);
    const quiet = await round(second.deltaLink);
    expect(quiet.items).toEqual([]);
    // The old deltaLink still works and replays what changed since it was issued.
    const replay = await round(first.deltaLink);
    expect(replay.items.map((i) => i.id)).toEqual(second.items.map((i) => i.id));
  });

  it('a deleted occurrence is @removed, a changed occurrence becomes an exception, a cancelled meeting stays with isCancelled', async () => {
    const { deltaLink } = await round('/me/calendarView/delta');
    const before = (await round('/me/calendarView/delta')).items.filter(
      (i) => i.type === 'occurrence',
    );
    const [firstOccurrence, lastOccurrence] = [before[0]?.id as string, before[1]?.id as string];
    emulator.state.deleteEvent(CAL, firstOccurrence);
    emulator.state.updateEvent(CAL, lastOccurrence, { subject: 'Weekly (agenda)' });
    emulator.state.cancelEvent(CAL, 'AAMkOne');
    const { items } = await round(deltaLink);
    expect(items).toContainEqual({
      '@odata.type': '#microsoft.graph.event',
      id: firstOccurrence,
      '@removed': { reason: 'deleted' },
    });
    expect(items).toContainEqual(
      expect.objectContaining({
        id: lastOccurrence,
        type: 'exception',
        subject: 'Weekly (agenda)',
        seriesMasterId: 'AAMkWeekly',
      }),
    );
    expect(items).toContainEqual(
      expect.objectContaining({ id: 'AAMkOne', isCancelled: true, subject: 'Canceled: One' }),
    );
  });

  it('pages as the page shapes say: exact sizes, empty pages, replayed items', async () => {
    emulator.state.updateSettings({
      pageShapes: {
        sizes: [0, 1, 0],
        emptyPageRate: 0,
        replayRate: 0,
        emptyFinalPage: true,
        seed: 1,
      },
    });
    const exact = await round('/me/calendarView/delta', 'odata.maxpagesize=3');
    expect(exact.pages.slice(0, 3).map((p) => p.value.length)).toEqual([0, 1, 0]);
    emulator.state.updateSettings({
      pageShapes: { emptyPageRate: 0, replayRate: 1, emptyFinalPage: false, seed: 3 },
    });
    const replayed = await round('/me/calendarView/delta', 'odata.maxpagesize=3');
    const ids = replayed.items.map((i) => i.id);
    expect(new Set(ids).size).toBeLessThan(ids.length);
  });

  it('fetching a nextLink again returns the same page (a retry is safe)', async () => {
    const first = (await graph
      .api('/me/calendarView/delta')
      .query(WINDOW)
      .header('Prefer', 'odata.maxpagesize=2')
      .get()) as DeltaPage;
    const link = first['@odata.nextLink'] ?? '';
    const a = (await graph.api(link).header('Prefer', 'odata.maxpagesize=2').get()) as DeltaPage;
    const b = (await graph.api(link).header('Prefer', 'odata.maxpagesize=2').get()) as DeltaPage;
    expect(b).toEqual(a);
  });

  it('a first request without a window is a 400', async () => {
    const error = await failure(graph.api('/me/calendarView/delta').get());
    expect(error.statusCode).toBe(400);
  });

  it('reads other calendars in beta only', async () => {
    const v1 = await failure(
      graph.api('/me/calendars/cal-alice-2/calendarView/delta').query(WINDOW).get(),
    );
    expect(v1.statusCode).toBe(400);
    const beta = (await graph
      .api('/me/calendars/cal-alice-2/calendarView/delta')
      .version('beta')
      .query(WINDOW)
      .get()) as DeltaPage;
    expect(beta.value).toEqual([]);
  });
});

describe('resync', () => {
  it('answers 410 with a Location that starts a fresh round over the same window', async () => {
    const { deltaLink } = await round('/me/calendarView/delta');
    emulator.state.expireDeltaTokens('resync');
    const gone = await failure(graph.api(deltaLink).get());
    expect(gone.statusCode).toBe(410);
    expect(gone.code).toBe('resyncRequired');
    const location = gone.headers?.get('location') ?? '';
    expect(location).toBe(
      `${emulator.url}/v1.0/me/calendarView/delta?startDateTime=2026-03-01T00:00:00Z&endDateTime=2026-04-01T00:00:00Z`,
    );
    const fresh = await round(location);
    expect(fresh.items.map((i) => i.subject)).toContain('One');
  });

  it('an evicted token is syncStateNotFound', async () => {
    const { deltaLink } = await round('/me/calendarView/delta');
    emulator.state.expireDeltaTokens('notFound');
    const error = await failure(graph.api(deltaLink).get());
    expect([error.statusCode, error.code]).toEqual([400, 'syncStateNotFound']);
    const garbage = await failure(
      graph.api(`${emulator.url}/v1.0/me/calendarView/delta?$deltatoken=nonsense`).get(),
    );
    expect(garbage.code).toBe('syncStateNotFound');
  });

  it("a fault can answer in Outlook's other spelling (SyncStateNotFound), once", async () => {
    const { deltaLink } = await round('/me/calendarView/delta');
    emulator.state.addFault({
      match: { pathIncludes: '$deltatoken' },
      fault: 'syncStateNotFound',
      code: 'SyncStateNotFound',
      times: 1,
    });
    const error = await failure(graph.api(deltaLink).get());
    expect([error.statusCode, error.code]).toEqual([400, 'SyncStateNotFound']);
    await expect(graph.api(deltaLink).get()).resolves.toBeDefined();
  });
});
