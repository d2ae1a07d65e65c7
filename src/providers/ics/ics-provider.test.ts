import { describe, expect, it } from 'vitest';
import { buildCalendar, buildEvent } from '../../../test/conformance/ics-builder.js';
import { ProviderError, type SyncPage } from '../provider.js';
import type { IcsClient } from './ics-client.js';
import { IcsProvider } from './ics-provider.js';

const provider = new IcsProvider({} as IcsClient);
const window = { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-03-01T00:00:00Z') };
const single = (uid: string): string[] =>
  buildEvent({ UID: uid, DTSTART: '20240102T090000Z', DTEND: '20240102T100000Z' });

function pagesOf(text: string): SyncPage[] {
  return [...provider.snapshotPages(provider.parse(text), window, 'cursor')];
}

describe('IcsProvider.parse', () => {
  it('refuses a text that is not iCalendar, naming line 1 once', () => {
    expect(() => provider.parse('hello, world')).toThrow(ProviderError);
    expect(() => provider.parse('hello, world')).toThrow(
      'not a readable iCalendar file: line 1: not an iCalendar file (no BEGIN:VCALENDAR)',
    );
  });

  it('refuses a calendar none of whose events can be read, naming the first bad line once', () => {
    const text = buildCalendar([
      [
        'BEGIN:VEVENT',
        'UID:a',
        'DTSTART:20240101T090000Z',
        'DTSTART;X="unclosed:20260302T090000Z',
        'END:VEVENT',
      ],
    ]);
    const line = text.split('\r\n').indexOf('DTSTART;X="unclosed:20260302T090000Z') + 1;
    expect(() => provider.parse(text)).toThrow(
      new RegExp(`^not a readable iCalendar file: line ${line}: [^]*$`),
    );
    expect(() => provider.parse(text)).not.toThrow(/line \d+[^]*line \d+/);
  });
});

describe('a body cut off before END:VCALENDAR', () => {
  const whole = buildCalendar([
    single('a'),
    buildEvent({ UID: 's', DTSTART: '20240102T090000Z', RRULE: 'FREQ=WEEKLY;COUNT=4' }),
    single('b'),
  ]);
  const cuts = [
    ['between two events', whole.slice(0, whole.indexOf('BEGIN:VEVENT\r\nUID:s'))],
    ['inside a VEVENT', whole.slice(0, whole.indexOf('UID:s') + 5)],
    ['after the calendar header', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n'],
  ];

  function feedProvider(text: string): IcsProvider {
    const client = {
      fetchFeed: async () => ({
        kind: 'content' as const,
        text,
        validators: { etag: null, lastModified: null },
      }),
    };
    return new IcsProvider(client as unknown as IcsClient);
  }

  it.each(cuts)(
    'fails a feed run cut %s as transient, before any page is yielded',
    async (_, text) => {
      const pages: SyncPage[] = [];
      const run = async () => {
        const calendar = {
          providerCalendarId: 'default',
          name: 'F',
          timeZone: null,
          isPrimary: true,
        };
        for await (const page of feedProvider(text).fetchChanges({
          connection: { id: 'c', secrets: { url: 'https://feed.test/x.ics' }, settings: {} },
          calendar,
          cursor: null,
          window,
        }))
          pages.push(page);
      };
      const error = await run().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind: 'transient', retryable: true });
      expect((error as Error).message).toMatch(
        /^the feed ended before END:VCALENDAR \(cut off\?\)/,
      );
      expect(pages).toEqual([]);
    },
  );

  it.each(cuts)('refuses a file cut %s as a whole, importing nothing', (_, text) => {
    expect(() => provider.parse(text)).toThrow(
      expect.objectContaining({
        kind: 'invalid_input',
        message: expect.stringMatching(
          /^the file ended before END:VCALENDAR \(cut off\?\): .*nothing was imported/,
        ),
      }),
    );
  });

  it('still reads a whole calendar, and an empty one, as a snapshot', () => {
    expect(pagesOf(whole).flatMap((p) => p.upserts)).toHaveLength(6);
    expect(pagesOf(buildCalendar([]))).toEqual([
      expect.objectContaining({ upserts: [], hasMore: false, nextCursor: 'cursor' }),
    ]);
  });
});

describe('IcsProvider.snapshotPages', () => {
  it('imports the valid events of a partly broken file and reports the rest by line', () => {
    const text = buildCalendar([
      single('ok-1'),
      ['BEGIN:VEVENT', 'UID:bad', 'DTSTART:not-a-date', 'END:VEVENT'],
      single('ok-2'),
    ]);
    const pages = pagesOf(text);
    const line = text.split('\r\n').indexOf('DTSTART:not-a-date') + 1;
    expect(pages.flatMap((p) => p.upserts.map((u) => u.event.providerEventId))).toEqual([
      'ok-1',
      'ok-2',
    ]);
    expect(pages.flatMap((p) => p.issues)).toEqual([
      expect.objectContaining({ line, providerEventId: 'bad' }),
    ]);
  });

  it('joins an override read before its master into the master series', () => {
    const text = buildCalendar([
      buildEvent({
        UID: 's',
        'RECURRENCE-ID': '20240109T090000Z',
        DTSTART: '20240109T110000Z',
        SUMMARY: 'moved',
      }),
      buildEvent({ UID: 's', DTSTART: '20240102T090000Z', RRULE: 'FREQ=WEEKLY;COUNT=3' }),
    ]);
    const events = pagesOf(text).flatMap((p) => p.upserts.map((u) => u.event));
    expect(events.map((e) => [e.originalStart, e.start, e.title])).toEqual([
      ['2024-01-02T09:00:00.000Z', '2024-01-02T09:00:00.000Z', 'Test event'],
      ['2024-01-09T09:00:00.000Z', '2024-01-09T11:00:00.000Z', 'moved'],
      ['2024-01-16T09:00:00.000Z', '2024-01-16T09:00:00.000Z', 'Test event'],
    ]);
  });

  it('cuts pages of 2,000 events and puts the cursor on the last one only', () => {
    const text = buildCalendar(Array.from({ length: 2500 }, (_, i) => single(`e${i}`)));
    const pages = pagesOf(text);
    expect(pages.map((p) => [p.upserts.length, p.hasMore, p.nextCursor])).toEqual([
      [2000, true, null],
      [500, false, 'cursor'],
    ]);
  });
});

describe('a feed that answers 200 with something that is not a calendar', () => {
  const calendar = { providerCalendarId: 'default', name: 'F', timeZone: null, isPrimary: true };
  const connection = { id: 'c', secrets: { url: 'https://feed.test/x.ics' }, settings: {} };

  function answering(text: string, contentType: string | null): IcsProvider {
    const client = {
      fetchFeed: async () => ({
        kind: 'content' as const,
        text,
        contentType,
        validators: { etag: null, lastModified: null },
      }),
    };
    return new IcsProvider(client as unknown as IcsClient);
  }

  async function runError(provider: IcsProvider): Promise<{ error: unknown; pages: SyncPage[] }> {
    const pages: SyncPage[] = [];
    const error = await (async () => {
      for await (const page of provider.fetchChanges({
        connection,
        calendar,
        cursor: null,
        window,
      }))
        pages.push(page);
    })().then(
      () => null,
      (e: unknown) => e,
    );
    return { error, pages };
  }

  const loginPage =
    '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>' +
    '<form><input type="hidden" name="csrf" value="tok-9f8e7d6c"></form></body></html>';
  const bodies: Array<[string, string, string | null, RegExp]> = [
    ['an empty body', '', 'text/calendar', /^the feed answered with an empty body, not a calendar/],
    ['whitespace', ' \r\n\r\n', null, /^the feed answered with an empty body, not a calendar/],
    [
      'a sign-in page',
      loginPage,
      'text/html',
      /^the feed answered with an HTML page \(text\/html, \d+ bytes\), not a calendar/,
    ],
    [
      'an HTML page served as text/calendar',
      '<html><body>Service temporarily unavailable</body></html>',
      'text/calendar',
      /^the feed answered with an HTML page \(text\/calendar, \d+ bytes\), not a calendar/,
    ],
    [
      'JSON',
      '{"error":"maintenance"}',
      'application/json',
      /^the feed answered with JSON \(application\/json, \d+ bytes\), not a calendar/,
    ],
    [
      'other text',
      'hello, world',
      'text/plain',
      /^the feed answered with text \(text\/plain, \d+ bytes\), not a calendar/,
    ],
  ];

  it.each(bodies)(
    'fails the run on %s as transient, retried, before any page, naming what it was',
    async (_, text, contentType, message) => {
      const { error, pages } = await runError(answering(text, contentType));
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind: 'transient', retryable: true });
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toMatch(
        /nothing was changed; the next sync fetches it again$/,
      );
      expect((error as Error).message).not.toContain('tok-9f8e7d6c');
      expect((error as Error).message).not.toContain('feed.test');
      expect(pages).toEqual([]);
    },
  );

  it('fails a run on a calendar none of whose events can be read as transient too', async () => {
    const text = buildCalendar([
      [
        'BEGIN:VEVENT',
        'UID:a',
        'DTSTART:20240101T090000Z',
        'DTSTART;X="unclosed:20260302T090000Z',
        'END:VEVENT',
      ],
    ]);
    const { error } = await runError(answering(text, 'text/calendar'));
    expect(error).toMatchObject({ kind: 'transient' });
    expect((error as Error).message).toMatch(
      /^the feed answered with a calendar none of whose events can be read: line \d+: /,
    );
    expect((error as Error).message).not.toMatch(/line \d+[^]*line \d+/);
  });

  it('is still invalid input when connecting (listCalendars) or importing a file', async () => {
    for (const [, text, contentType] of bodies) {
      await expect(answering(text, contentType).listCalendars(connection)).rejects.toMatchObject({
        kind: 'invalid_input',
        message: expect.stringMatching(/^the URL answered with .*, not a calendar/),
      });
      expect(() => provider.parse(text)).toThrow(
        expect.objectContaining({ kind: 'invalid_input' }),
      );
    }
  });
});

describe('the zone of floating times and all-day dates', () => {
  const floatingAndAllDay = (header: string[] = []) =>
    buildCalendar(
      [
        buildEvent({ UID: 'floating', DTSTART: '20240110T100000', DTEND: '20240110T110000' }),
        buildEvent({
          UID: 'all-day',
          'DTSTART;VALUE=DATE': '20240111',
          'DTEND;VALUE=DATE': '20240112',
        }),
      ],
      header,
    );
  const timesIn = (pages: SyncPage[]) =>
    Object.fromEntries(
      pages.flatMap((p) => p.upserts.map((u) => [u.event.providerEventId, u.event.start])),
    );
  const newYork = { floating: '2024-01-10T15:00:00.000Z', 'all-day': '2024-01-11T05:00:00.000Z' };

  it("reads a file that names no zone in the calendar's stored zone (the user's)", () => {
    const text = floatingAndAllDay();
    const pages = [
      ...provider.snapshotPages(provider.parse(text), window, null, 'America/New_York'),
    ];
    expect(timesIn(pages)).toEqual(newYork);
    expect(pages.flatMap((p) => p.issues)).toEqual([]);
  });

  it('reads it in UTC only when no zone is known', () => {
    expect(timesIn(pagesOf(floatingAndAllDay()))).toEqual({
      floating: '2024-01-10T10:00:00.000Z',
      'all-day': '2024-01-11T00:00:00.000Z',
    });
  });

  it("prefers the file's own X-WR-TIMEZONE, and reads a Windows name as its IANA zone", () => {
    for (const zone of ['America/New_York', 'Eastern Standard Time']) {
      const text = floatingAndAllDay([`X-WR-TIMEZONE:${zone}`]);
      const pages = [...provider.snapshotPages(provider.parse(text), window, null, 'Asia/Tokyo')];
      expect(timesIn(pages)).toEqual(newYork);
    }
  });

  it('falls back to the stored zone on an X-WR-TIMEZONE it does not know, and says so', () => {
    const text = floatingAndAllDay(['X-WR-TIMEZONE:Nowhere/Atlantis']);
    const pages = [
      ...provider.snapshotPages(provider.parse(text), window, null, 'America/New_York'),
    ];
    expect(timesIn(pages)).toEqual(newYork);
    expect(pages.flatMap((p) => p.issues)).toEqual([
      {
        message:
          'X-WR-TIMEZONE "Nowhere/Atlantis" is not a known time zone: floating times and ' +
          'all-day dates are read in America/New_York',
        line: null,
        providerEventId: null,
      },
    ]);
  });

  it("syncs a feed in the calendar's stored zone, and lists the feed's own zone resolved", async () => {
    const text = floatingAndAllDay();
    const client = {
      fetchFeed: async () => ({
        kind: 'content' as const,
        text,
        contentType: 'text/calendar',
        validators: { etag: null, lastModified: null },
      }),
    };
    const feed = new IcsProvider(client as unknown as IcsClient);
    const connection = { id: 'c', secrets: { url: 'https://feed.test/x.ics' }, settings: {} };
    const calendar = {
      providerCalendarId: 'default',
      name: 'F',
      timeZone: 'America/New_York',
      isPrimary: true,
    };
    const pages: SyncPage[] = [];
    for await (const page of feed.fetchChanges({ connection, calendar, cursor: null, window }))
      pages.push(page);
    expect(timesIn(pages)).toEqual(newYork);

    const windows = floatingAndAllDay(['X-WR-TIMEZONE:Eastern Standard Time']);
    const listed = new IcsProvider({
      fetchFeed: async () => ({ ...(await client.fetchFeed()), text: windows }),
    } as unknown as IcsClient);
    expect(await listed.listCalendars(connection)).toEqual([
      expect.objectContaining({ timeZone: 'America/New_York' }),
    ]);
  });
});
