import { AppointmentType, CalendarView, DateTime, type ExchangeService } from 'ews-javascript-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchangeEmulator, type RunningExchangeEmulator } from './index.js';
import { buildItem, buildSeed, calendarFolder, ewsClient, failure, postSoap } from './test-kit.js';

let emulator: RunningExchangeEmulator;
let ews: ExchangeService;

beforeAll(async () => {
  emulator = await startExchangeEmulator({
    seed: buildSeed([
      buildItem({ id: 'AAMkSingle', start: '2026-03-03T12:00:00Z', end: '2026-03-03T13:00:00Z' }),
      buildItem({
        id: 'AAMkDaily',
        subject: 'Daily',
        start: '2026-03-02T08:00:00Z',
        end: '2026-03-02T08:15:00Z',
        recurrence: {
          pattern: { type: 'Daily', interval: 1 },
          range: { type: 'NoEnd' },
        },
        modifiedOccurrences: [
          {
            originalStart: '2026-03-04T08:00:00Z',
            start: '2026-03-04T16:00:00Z',
            end: '2026-03-04T16:15:00Z',
          },
        ],
        deletedOccurrences: ['2026-03-05T08:00:00Z'],
      }),
    ]),
  });
  ews = ewsClient(emulator);
});
afterAll(() => emulator.close());

const view = (start: string, end: string, max?: number) =>
  max === undefined
    ? new CalendarView(DateTime.Parse(start), DateTime.Parse(end))
    : new CalendarView(DateTime.Parse(start), DateTime.Parse(end), max);

async function find(calendarView: CalendarView) {
  const result = await ews.FindAppointments(calendarFolder(), calendarView);
  return {
    total: result.TotalCount,
    more: result.MoreAvailable,
    items: result.Items.map((a) => ({
      type: AppointmentType[a.AppointmentType],
      start: a.Start.ToISOString().replace('.000Z', 'Z'),
    })),
  };
}

describe('FindItem with CalendarView', () => {
  it('lists singles, occurrences and exceptions (no masters, no deleted occurrences) by start', async () => {
    const { items, more, total } = await find(view('2026-03-02T00:00:00Z', '2026-03-07T00:00:00Z'));
    expect(more).toBe(false);
    expect(total).toBe(5);
    expect(items).toEqual([
      { type: 'Occurrence', start: '2026-03-02T08:00:00Z' },
      { type: 'Occurrence', start: '2026-03-03T08:00:00Z' },
      { type: 'Single', start: '2026-03-03T12:00:00Z' },
      { type: 'Exception', start: '2026-03-04T16:00:00Z' },
      { type: 'Occurrence', start: '2026-03-06T08:00:00Z' },
    ]);
  });

  it('truncates at MaxEntriesReturned and says so, with the full count', async () => {
    const { items, more, total } = await find(
      view('2026-03-02T00:00:00Z', '2026-04-01T00:00:00Z', 10),
    );
    expect(items).toHaveLength(10);
    expect(more).toBe(true);
    // 30 days of a daily series, less one deleted occurrence, plus the single.
    expect(total).toBe(30);
  });

  it('applies the find count limit whatever the client asks', async () => {
    emulator.state.updateSettings({ findCountLimit: 3 });
    try {
      const { items, more } = await find(view('2026-03-02T00:00:00Z', '2026-04-01T00:00:00Z'));
      expect(items).toHaveLength(3);
      expect(more).toBe(true);
    } finally {
      emulator.state.updateSettings({ findCountLimit: 1000 });
    }
  });

  it('refuses ranges over two years, and an end before the start', async () => {
    const tooBig = await failure(find(view('2026-03-01T00:00:00Z', '2028-03-02T00:00:00Z')));
    expect(tooBig.code).toBe('ErrorCalendarViewRangeTooBig');
    const twoYears = await find(view('2026-03-01T00:00:00Z', '2028-03-01T00:00:00Z', 1));
    expect(twoYears.more).toBe(true);
    // ews-javascript-api refuses a backwards view itself; the emulator does too.
    const plain = await startExchangeEmulator({ protocol: 'http', seed: buildSeed([]) });
    try {
      const { text } = await postSoap(
        plain,
        '<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>' +
          '<m:CalendarView StartDate="2026-03-05T00:00:00Z" EndDate="2026-03-01T00:00:00Z"/>' +
          '<m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>',
      );
      expect(text).toContain('ErrorCalendarEndDateIsEarlierThanStartDate');
    } finally {
      await plain.close();
    }
  });
});
