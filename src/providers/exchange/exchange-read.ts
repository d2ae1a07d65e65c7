/**
 * ews-javascript-api's objects read into this provider's plain wire types (exchange-wire.ts).
 * The library's typings are loose (numbers it keeps as the strings it read, getters that throw
 * when a property was not loaded, enums as numbers): every read of them is here, and guarded.
 */
import {
  Appointment,
  AppointmentType,
  DayOfTheWeek,
  DayOfTheWeekIndex,
  LegacyFreeBusyStatus,
  MeetingResponseType,
  Month,
  Recurrence,
  type Attendee,
  type DateTime,
  type EmailAddress,
  type Item,
  type ItemChange,
} from 'ews-javascript-api';
import { ChangeType } from 'ews-javascript-api';
import type {
  EwsAttendee,
  EwsCalendarItem,
  EwsChange,
  EwsExceptionFields,
  EwsFreeBusy,
  EwsItemType,
  EwsMailbox,
  EwsOccurrenceInfo,
  EwsPattern,
  EwsPatternType,
  EwsRange,
  EwsRecurrence,
  EwsResponseType,
} from './exchange-wire.js';
import type { ItemZone } from './exchange-zone-xml.js';

/** A getter that throws when the property was not requested or not sent reads as undefined. */
function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function instant(value: DateTime | null | undefined): string | null {
  if (!value) return null;
  const text = safely(() => value.ToISOString());
  return text && !Number.isNaN(Date.parse(text)) ? new Date(text).toISOString() : null;
}

/**
 * The calendar date of a date-only value: a recurrence range's StartDate and EndDate (xs:date).
 * ews-javascript-api reads an xs:date by keeping its first ten characters and DateTime.Parse,
 * which is midnight of that date in the process's own zone (ConvertStartDateToUnspecifiedDateTime):
 * its date is the moment's own year, month and day, never the UTC date of that midnight, which is
 * the day before wherever the process runs east of UTC (an EndDate series then lost its last
 * occurrence).
 */
function day(value: DateTime | null | undefined): string | null {
  if (!value) return null;
  const moment = safely(() => value.MomentDate);
  if (!moment?.isValid()) return null;
  const [year, month, date] = [moment.year(), moment.month() + 1, moment.date()];
  if (year < 1 || year > 9999) return null;
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(date)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return value === '' ? null : value;
}

function integer(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? Math.trunc(n) : null;
}

export function readChange(change: ItemChange): EwsChange | null {
  const kind = CHANGE_KINDS[change.ChangeType];
  if (!kind) return null;
  const id = safely(() => change.ItemId?.UniqueId);
  if (!id) return null;
  const item = safely(() => change.Item) as Appointment | undefined;
  return {
    kind,
    id,
    changeKey: text(safely(() => change.ItemId.ChangeKey)),
    type: item ? (itemTypeOf(safely(() => item.AppointmentType)) ?? null) : null,
    start: item ? instant(safely(() => item.Start)) : null,
    end: item ? instant(safely(() => item.End)) : null,
  };
}

const CHANGE_KINDS: Partial<Record<ChangeType, EwsChange['kind']>> = {
  [ChangeType.Create]: 'create',
  [ChangeType.Update]: 'update',
  [ChangeType.Delete]: 'delete',
};

function itemTypeOf(value: AppointmentType | undefined): EwsItemType | undefined {
  if (value === undefined) return undefined;
  return AppointmentType[value] as EwsItemType | undefined;
}

/**
 * A calendar item as this provider keeps it. `zone` is its StartTimeZone as the answer's XML
 * gave it (exchange-zone-xml.ts) when it named a zone no table knows: the library's reading of
 * such a zone depends on the process's own zone, and is not used. Other zones are read by name.
 */
export function readCalendarItem(item: Item, zone?: ItemZone): EwsCalendarItem | null {
  if (!(item instanceof Appointment)) return null;
  const a = item;
  const id = safely(() => a.Id.UniqueId);
  const start = instant(safely(() => a.Start));
  if (!id || !start) return null;
  const type = itemTypeOf(safely(() => a.AppointmentType)) ?? 'Single';
  return {
    id,
    changeKey: text(safely(() => a.Id.ChangeKey)) ?? '',
    type,
    subject: text(safely(() => a.Subject)),
    body: text(safely(() => a.Body?.Text)),
    location: text(safely(() => a.Location)),
    uid: text(safely(() => a.ICalUid)),
    start,
    end: instant(safely(() => a.End)) ?? start,
    isAllDay: safely(() => a.IsAllDayEvent) === true,
    startTimeZone: zone ? zone.id : text(safely(() => a.StartTimeZone?.Id)),
    startTimeZoneDefinition: zone?.definition ?? null,
    ...(zone?.problem ? { startTimeZoneProblem: zone.problem } : {}),
    freeBusy: freeBusyOf(safely(() => a.LegacyFreeBusyStatus)),
    isCancelled: safely(() => a.IsCancelled) === true,
    organizer: mailboxOf(safely(() => a.Organizer)),
    requiredAttendees: attendeesOf(safely(() => a.RequiredAttendees?.GetEnumerator())),
    optionalAttendees: attendeesOf(safely(() => a.OptionalAttendees?.GetEnumerator())),
    resources: attendeesOf(safely(() => a.Resources?.GetEnumerator())),
    myResponse: responseOf(safely(() => a.MyResponseType)),
    lastModified: instant(safely(() => a.LastModifiedTime)),
    sequence: integer(safely(() => a.AppointmentSequenceNumber)),
    recurrence: type === 'RecurringMaster' ? recurrenceOf(safely(() => a.Recurrence)) : null,
    modifiedOccurrences: occurrencesOf(a),
    deletedOccurrences: (safely(() => a.DeletedOccurrences?.GetEnumerator()) ?? [])
      .map((d) => instant(safely(() => d.OriginalStart)))
      .filter((at): at is string => at !== null),
    originalStart: instant(safely(() => a.ICalRecurrenceId)),
  };
}

/** The fields of an exception that may differ from its master's. */
export function readExceptionFields(item: Item): EwsExceptionFields | null {
  const read = readCalendarItem(item);
  if (!read) return null;
  return {
    subject: read.subject,
    location: read.location,
    body: read.body,
    isCancelled: read.isCancelled,
    freeBusy: read.freeBusy,
    myResponse: read.myResponse ?? null,
    requiredAttendees: read.requiredAttendees,
    optionalAttendees: read.optionalAttendees,
    resources: read.resources ?? [],
  };
}

function occurrencesOf(a: Appointment): EwsOccurrenceInfo[] {
  const list = safely(() => a.ModifiedOccurrences?.GetEnumerator()) ?? [];
  return list.flatMap((o) => {
    const id = safely(() => o.ItemId.UniqueId);
    const start = instant(safely(() => o.Start));
    const end = instant(safely(() => o.End));
    const originalStart = instant(safely(() => o.OriginalStart));
    return id && start && end && originalStart ? [{ id, start, end, originalStart }] : [];
  });
}

function freeBusyOf(value: LegacyFreeBusyStatus | undefined): EwsFreeBusy | null {
  if (value === undefined) return null;
  return (LegacyFreeBusyStatus[value] as EwsFreeBusy | undefined) ?? null;
}

function mailboxOf(address: EmailAddress | null | undefined): EwsMailbox | null {
  const email = text(safely(() => address?.Address));
  if (!email) return null;
  return { email, name: text(safely(() => address?.Name)) };
}

function attendeesOf(list: Attendee[] | undefined): EwsAttendee[] {
  return (list ?? []).flatMap((attendee) => {
    const mailbox = mailboxOf(attendee);
    if (!mailbox) return [];
    return [{ ...mailbox, response: responseOf(safely(() => attendee.ResponseType)) ?? 'Unknown' }];
  });
}

/** A ResponseType by its types.xsd name; null when it was not sent. */
function responseOf(value: MeetingResponseType | null | undefined): EwsResponseType | null {
  if (value === undefined || value === null) return null;
  return (MeetingResponseType[value] as EwsResponseType | undefined) ?? null;
}

function recurrenceOf(recurrence: Recurrence | null | undefined): EwsRecurrence | null {
  if (!recurrence) return null;
  const type = patternTypeOf(recurrence);
  const startDate = day(safely(() => recurrence.StartDate));
  if (!type || !startDate) return null;
  return { pattern: patternOf(recurrence, type), range: rangeOf(recurrence, startDate) };
}

/** The library gives each pattern its own class; regeneration patterns are tasks only. */
function patternTypeOf(recurrence: Recurrence): EwsPatternType | null {
  if (recurrence instanceof Recurrence.DailyPattern) return 'Daily';
  if (recurrence instanceof Recurrence.WeeklyPattern) return 'Weekly';
  if (recurrence instanceof Recurrence.MonthlyPattern) return 'AbsoluteMonthly';
  if (recurrence instanceof Recurrence.RelativeMonthlyPattern) return 'RelativeMonthly';
  if (recurrence instanceof Recurrence.YearlyPattern) return 'AbsoluteYearly';
  if (recurrence instanceof Recurrence.RelativeYearlyPattern) return 'RelativeYearly';
  return null;
}

function patternOf(recurrence: Recurrence, type: EwsPatternType): EwsPattern {
  // Each class has its own subset of these getters; the rest are absent and read as null.
  const fields = recurrence as unknown as {
    Interval?: unknown;
    DaysOfTheWeek?: { GetEnumerator(): DayOfTheWeek[] };
    DayOfTheWeek?: DayOfTheWeek;
    DayOfTheWeekIndex?: DayOfTheWeekIndex;
    DayOfMonth?: unknown;
    Month?: unknown;
    FirstDayOfWeek?: number;
  };
  const many = safely(() => fields.DaysOfTheWeek?.GetEnumerator()) ?? [];
  const one = safely(() => fields.DayOfTheWeek);
  const days = [...many, ...(one === undefined || one === null ? [] : [one])];
  const index = safely(() => fields.DayOfTheWeekIndex);
  const firstDay = safely(() => fields.FirstDayOfWeek);
  return {
    type,
    interval: integer(safely(() => fields.Interval)) ?? 1,
    daysOfWeek: days.map((d) => DayOfTheWeek[d]).filter((d): d is string => Boolean(d)),
    dayOfWeekIndex:
      index === undefined || index === null ? null : (DayOfTheWeekIndex[index] ?? null),
    dayOfMonth: integer(safely(() => fields.DayOfMonth)),
    month: monthOf(safely(() => fields.Month)),
    firstDayOfWeek:
      firstDay === undefined || firstDay === null ? null : (DayOfTheWeek[firstDay] ?? null),
  };
}

function monthOf(value: unknown): number | null {
  const n = integer(value);
  if (n !== null) return n >= 1 && n <= 12 ? n : null;
  return typeof value === 'string' ? (Month[value as keyof typeof Month] ?? null) : null;
}

function rangeOf(recurrence: Recurrence, startDate: string): EwsRange {
  const count = integer(safely(() => recurrence.NumberOfOccurrences));
  const endDate = day(safely(() => recurrence.EndDate));
  if (count !== null && count > 0)
    return { type: 'Numbered', startDate, endDate: null, numberOfOccurrences: count };
  if (endDate) return { type: 'EndDate', startDate, endDate, numberOfOccurrences: null };
  return { type: 'NoEnd', startDate, endDate: null, numberOfOccurrences: null };
}
