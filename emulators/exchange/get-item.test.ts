import {
  Appointment,
  AppointmentType,
  BasePropertySet,
  DayOfTheWeek,
  DayOfTheWeekIndex,
  ItemId,
  LegacyFreeBusyStatus,
  MeetingResponseType,
  Month,
  PropertySet,
  ServiceError,
  ServiceResult,
  SyncFolderItemsScope,
  type DateTime,
  type ExchangeService,
} from 'ews-javascript-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startExchangeEmulator, type RunningExchangeEmulator } from './index.js';
import {
  ALICE,
  buildItem,
  buildSeed,
  calendarFolder,
  ewsClient,
  failure,
  FIRST_SYNC,
} from './test-kit.js';
import type { CalendarItemInput, Recurrence } from './types.js';

const FULL = new PropertySet(BasePropertySet.FirstClassProperties);
const iso = (d: DateTime | null | undefined) => d?.ToISOString().replace('.000Z', 'Z');

const master = buildItem({
  id: 'AAMkStandup',
  subject: 'Standup',
  location: 'Room 1',
  // 10:00 Berlin (CET) on Monday 2 March 2026.
  start: '2026-03-02T09:00:00Z',
  end: '2026-03-02T09:15:00Z',
  legacyFreeBusyStatus: 'Tentative',
  requiredAttendees: [
    { email: 'bob@fabrikam.test', name: 'Bob', response: 'Accept' },
    { email: 'carol@fabrikam.test', response: 'Decline' },
  ],
  optionalAttendees: [{ email: 'dave@fabrikam.test', response: 'NoResponseReceived' }],
  recurrence: {
    pattern: { type: 'Weekly', interval: 1, daysOfWeek: ['Monday', 'Wednesday'] },
    range: { type: 'Numbered', numberOfOccurrences: 6 },
  },
  modifiedOccurrences: [
    {
      originalStart: '2026-03-04T09:00:00Z',
      start: '2026-03-04T13:00:00Z',
      end: '2026-03-04T13:30:00Z',
      subject: 'Standup (moved)',
    },
  ],
  deletedOccurrences: ['2026-03-09T09:00:00Z'],
});

/** The class ews-javascript-api reads each EWS pattern into. */
const LIBRARY_CLASS: Record<string, string> = {
  Daily: 'DailyPattern',
  AbsoluteMonthly: 'MonthlyPattern',
  RelativeMonthly: 'RelativeMonthlyPattern',
  AbsoluteYearly: 'YearlyPattern',
  RelativeYearly: 'RelativeYearlyPattern',
};

/** One master per pattern and range kind, each bound and read back. */
const PATTERNS: { item: CalendarItemInput; expect: Record<string, unknown> }[] = [
  pattern(
    'Daily',
    { type: 'Daily', interval: 2 },
    { type: 'NoEnd' },
    { Interval: 2, HasEnd: false },
  ),
  pattern(
    'AbsoluteMonthly',
    { type: 'AbsoluteMonthly', interval: 1, dayOfMonth: 2 },
    { type: 'EndDate', endDate: '2026-12-31' },
    { Interval: 1, DayOfMonth: 2, HasEnd: true, EndDate: '2026-12-31' },
  ),
  pattern(
    'RelativeMonthly',
    { type: 'RelativeMonthly', interval: 1, daysOfWeek: ['Weekday'], dayOfWeekIndex: 'Last' },
    { type: 'Numbered', numberOfOccurrences: 3 },
    {
      DayOfTheWeek: DayOfTheWeek.Weekday,
      DayOfTheWeekIndex: DayOfTheWeekIndex.Last,
      NumberOfOccurrences: 3,
    },
  ),
  pattern(
    'AbsoluteYearly',
    { type: 'AbsoluteYearly', dayOfMonth: 2, month: 'March' },
    { type: 'NoEnd' },
    { DayOfMonth: 2, Month: Month.March },
  ),
  pattern(
    'RelativeYearly',
    { type: 'RelativeYearly', daysOfWeek: ['Monday'], dayOfWeekIndex: 'First', month: 'March' },
    { type: 'Numbered', numberOfOccurrences: 2 },
    {
      DayOfTheWeek: DayOfTheWeek.Monday,
      DayOfTheWeekIndex: DayOfTheWeekIndex.First,
      Month: Month.March,
    },
  ),
];

function pattern(
  name: string,
  p: Recurrence['pattern'],
  range: Recurrence['range'],
  expected: Record<string, unknown>,
) {
  return {
    item: buildItem({ id: `AAMk${name}`, subject: name, recurrence: { pattern: p, range } }),
    expect: { name: LIBRARY_CLASS[name], ...expected },
  };
}

let emulator: RunningExchangeEmulator;
let ews: ExchangeService;

beforeAll(async () => {
  const cancelled = buildItem({
    id: 'AAMkCancelled',
    isCancelled: true,
    legacyFreeBusyStatus: 'Free',
  });
  emulator = await startExchangeEmulator({
    seed: buildSeed([master, cancelled, ...PATTERNS.map((p) => p.item)]),
  });
  ews = ewsClient(emulator);
});
afterAll(() => emulator.close());
afterEach(() => emulator.state.clearFaults());

describe('GetItem', () => {
  it('returns a recurring master with its pattern, exceptions, deletions, attendees and zone', async () => {
    const item = await Appointment.Bind(ews, new ItemId('AAMkStandup'), FULL);
    expect(item.Subject).toBe('Standup');
    expect(item.AppointmentType).toBe(AppointmentType.RecurringMaster);
    expect(item.LegacyFreeBusyStatus).toBe(LegacyFreeBusyStatus.Tentative);
    expect(item.IsCancelled).toBe(false);
    expect(item.StartTimeZone.Id).toBe('W. Europe Standard Time');
    expect(item.ICalUid).toMatch(/^040000008200E000/);
    expect(iso(item.Start)).toBe('2026-03-02T09:00:00Z');
    const attendees = item.RequiredAttendees.GetEnumerator().map((a) => [
      a.Address,
      MeetingResponseType[a.ResponseType],
    ]);
    expect(attendees).toEqual([
      ['bob@fabrikam.test', 'Accept'],
      ['carol@fabrikam.test', 'Decline'],
    ]);
    expect(MeetingResponseType[item.OptionalAttendees._getItem(0).ResponseType]).toBe(
      'NoResponseReceived',
    );
    expect(item.Recurrence.constructor.name).toBe('WeeklyPattern');
    expect(item.Recurrence.NumberOfOccurrences).toBe(6);
    const modified = item.ModifiedOccurrences.GetEnumerator().map((o) => ({
      start: iso(o.Start),
      originalStart: iso(o.OriginalStart),
    }));
    expect(modified).toEqual([
      { start: '2026-03-04T13:00:00Z', originalStart: '2026-03-04T09:00:00Z' },
    ]);
    expect(item.DeletedOccurrences.GetEnumerator().map((d) => iso(d.OriginalStart))).toEqual([
      '2026-03-09T09:00:00Z',
    ]);
  });

  it('binds occurrences by index: plain, an exception, and a deleted one', async () => {
    const first = await Appointment.BindToOccurrence(ews, new ItemId('AAMkStandup'), 1, FULL);
    expect(first.AppointmentType).toBe(AppointmentType.Occurrence);
    expect(iso(first.Start)).toBe('2026-03-02T09:00:00Z');
    const second = await Appointment.BindToOccurrence(ews, new ItemId('AAMkStandup'), 2, FULL);
    expect(second.AppointmentType).toBe(AppointmentType.Exception);
    expect(second.Subject).toBe('Standup (moved)');
    expect(iso(second.Start)).toBe('2026-03-04T13:00:00Z');
    expect(iso(second.ICalRecurrenceId)).toBe('2026-03-04T09:00:00Z');
    const deleted = await failure(Appointment.BindToOccurrence(ews, new ItemId('AAMkStandup'), 3));
    expect(deleted.code).toBe('ErrorCalendarOccurrenceIsDeletedFromRecurrence');
    const beyond = await failure(Appointment.BindToOccurrence(ews, new ItemId('AAMkStandup'), 7));
    expect(beyond.code).toBe('ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange');
    // From an occurrence back to its master, and the occurrence's own id binds too.
    const back = await Appointment.BindToRecurringMaster(ews, second.Id, FULL);
    expect(back.Id.UniqueId).toBe('AAMkStandup');
    const again = await Appointment.Bind(ews, second.Id, FULL);
    expect(again.AppointmentType).toBe(AppointmentType.Exception);
  });

  it('shows instance edits made later in the master, with a new ChangeKey', async () => {
    const before = await Appointment.Bind(ews, new ItemId('AAMkStandup'), FULL);
    emulator.state.deleteOccurrence(ALICE, 'AAMkStandup', '2026-03-11T09:00:00Z');
    const after = await Appointment.Bind(ews, new ItemId('AAMkStandup'), FULL);
    expect(after.Id.ChangeKey).not.toBe(before.Id.ChangeKey);
    expect(after.DeletedOccurrences.Count).toBe(2);
  });

  it('reads every recurrence pattern and range kind', async () => {
    for (const { item, expect: expected } of PATTERNS) {
      const bound = await Appointment.Bind(ews, new ItemId(item.id!), FULL);
      const read = bound.Recurrence as unknown as Record<string, unknown> & {
        EndDate: DateTime | null;
      };
      const { name, EndDate, ...fields } = expected;
      expect(bound.Recurrence.constructor.name, item.subject).toBe(name);
      // The library keeps some numbers as the strings it read (Interval, DayOfMonth).
      for (const [key, value] of Object.entries(fields))
        expect(String(read[key]), `${name}.${key}`).toBe(String(value));
      if (EndDate) expect(read.EndDate?.ToISOString().slice(0, 10)).toBe(EndDate);
    }
  });

  it('marks cancelled items, and answers ErrorItemNotFound for unknown ids', async () => {
    const cancelled = await Appointment.Bind(ews, new ItemId('AAMkCancelled'), FULL);
    expect(cancelled.IsCancelled).toBe(true);
    expect(cancelled.AppointmentType).toBe(AppointmentType.Single);
    expect((await failure(Appointment.Bind(ews, new ItemId('AAMkNope'), FULL))).code).toBe(
      'ErrorItemNotFound',
    );
  });
});

describe('item faults (one item of a GetItem fails, the others are answered)', () => {
  /** Each id's outcome of one GetItem for several ids: its subject, or its error code. */
  async function bindEach(ids: string[]): Promise<string[]> {
    const responses = await ews.BindToItems(
      ids.map((id) => new ItemId(id)),
      FULL,
    );
    return responses.Responses.map((response) =>
      response.Result === ServiceResult.Error
        ? `${ServiceError[response.ErrorCode]}: ${response.ErrorMessage}`
        : response.Item.Subject,
    );
  }
  const ids = ['AAMkStandup', 'AAMkCancelled', 'AAMkDaily'];
  let standup = '';
  let cancelled = '';
  let daily = '';
  beforeAll(() => {
    const subjects = new Map(emulator.state.items(ALICE).map((item) => [item.id, item.subject]));
    const subject = (id: string) => subjects.get(id) ?? id;
    standup = subject('AAMkStandup');
    cancelled = subject('AAMkCancelled');
    daily = subject('AAMkDaily');
  });

  it('answers one item with ResponseClass="Error" and its code, until the rule is removed', async () => {
    const rule = emulator.state.addFault({
      fault: 'itemError',
      match: { itemId: 'AAMkCancelled' },
    });
    const corrupt = [standup, 'ErrorCorruptData: Data is corrupt.', daily];
    expect(await bindEach(ids)).toEqual(corrupt);
    expect(await bindEach(ids)).toEqual(corrupt);
    emulator.state.removeFault(rule.id);
    expect(await bindEach(ids)).toEqual([standup, cancelled, daily]);
  });

  it('takes the code and message asked for, and counts `times` per item', async () => {
    emulator.state.addFault({
      fault: 'itemError',
      match: { itemId: 'AAMkDaily' },
      responseCode: 'ErrorInvalidIdMalformed',
      times: 1,
    });
    expect(await bindEach(ids)).toEqual([
      standup,
      cancelled,
      'ErrorInvalidIdMalformed: Id is malformed.',
    ]);
    expect(await bindEach(ids)).toEqual([standup, cancelled, daily]);
  });

  it('sends a malformed item without its start, the others whole', async () => {
    emulator.state.addFault({ fault: 'itemMalformed', match: { itemId: 'AAMkStandup' } });
    const responses = await ews.BindToItems(
      ids.map((id) => new ItemId(id)),
      FULL,
    );
    const [broken, ...rest] = responses.Responses.map((r) => r.Item as Appointment);
    expect(broken!.Subject).toBe('Standup');
    expect(() => broken!.Start).toThrow();
    expect(rest.map((item) => iso(item.Start))).toEqual([
      '2026-03-02T09:00:00Z',
      '2026-03-02T09:00:00Z',
    ]);
  });

  it('never fails a whole call, nor a call-level rule an item', async () => {
    emulator.state.addFault({ fault: 'itemError' });
    const sync = await ews.SyncFolderItems(
      calendarFolder(),
      new PropertySet(BasePropertySet.IdOnly),
      [],
      10,
      SyncFolderItemsScope.NormalItems,
      FIRST_SYNC,
    );
    expect(sync.Count).toBeGreaterThan(0);
    expect(await bindEach(ids)).toEqual(ids.map(() => 'ErrorCorruptData: Data is corrupt.'));
  });
});
