/** Writes a t:CalendarItem in the requested shape, elements in types.xsd order (contract §3.4). */
import type { ItemView } from './item-view.js';
import type { Occurrence } from './occurrences.js';
import { monthNumber } from './recurrence.js';
import { fieldsOf, type ItemShape } from './shape.js';
import type { Attendee, Person, Recurrence } from './types.js';
import { el, textEl } from './xml.js';
import { localDate, standardBias, xsDate, yearlyRules, type ZoneTransition } from './zones.js';

type Writer = (view: ItemView) => string | undefined;

export const utc = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const WRITERS: Record<string, Writer> = {
  'item:ParentFolderId': () => undefined, // written by the caller, which knows the folder
  'item:ItemClass': () => textEl('t:ItemClass', 'IPM.Appointment'),
  'item:Subject': (v) => textEl('t:Subject', v.subject),
  'item:Sensitivity': () => textEl('t:Sensitivity', 'Normal'),
  'item:Body': (v) =>
    v.item.body === undefined ? undefined : el('t:Body', { BodyType: 'Text' }, esc(v.item.body)),
  'item:DateTimeCreated': (v) => textEl('t:DateTimeCreated', utc(v.item.createdMs)),
  'item:HasAttachments': () => textEl('t:HasAttachments', false),
  'item:LastModifiedTime': (v) => textEl('t:LastModifiedTime', utc(v.item.modifiedMs)),
  'calendar:UID': (v) => textEl('t:UID', v.item.uid),
  'calendar:RecurrenceId': (v) =>
    v.originalStartMs === undefined ? undefined : textEl('t:RecurrenceId', utc(v.originalStartMs)),
  'calendar:Start': (v) => textEl('t:Start', utc(v.startMs)),
  'calendar:End': (v) => textEl('t:End', utc(v.endMs)),
  'calendar:OriginalStart': (v) =>
    v.originalStartMs === undefined ? undefined : textEl('t:OriginalStart', utc(v.originalStartMs)),
  'calendar:IsAllDayEvent': (v) => textEl('t:IsAllDayEvent', v.item.isAllDay),
  'calendar:LegacyFreeBusyStatus': (v) =>
    textEl('t:LegacyFreeBusyStatus', v.item.legacyFreeBusyStatus),
  'calendar:Location': (v) => textEl('t:Location', v.location),
  'calendar:IsMeeting': (v) => textEl('t:IsMeeting', attendeesOf(v).length > 0),
  'calendar:IsCancelled': (v) => textEl('t:IsCancelled', v.item.isCancelled),
  'calendar:IsRecurring': (v) => textEl('t:IsRecurring', v.type !== 'Single'),
  'calendar:CalendarItemType': (v) => textEl('t:CalendarItemType', v.type),
  'calendar:MyResponseType': (v) => textEl('t:MyResponseType', v.myResponseType),
  'calendar:Organizer': (v) => el('t:Organizer', {}, mailbox(v.item.organizer)),
  'calendar:RequiredAttendees': (v) => attendees('t:RequiredAttendees', v.requiredAttendees),
  'calendar:OptionalAttendees': (v) => attendees('t:OptionalAttendees', v.optionalAttendees),
  'calendar:Resources': (v) => attendees('t:Resources', v.resources),
  'calendar:Duration': (v) => textEl('t:Duration', duration(v.endMs - v.startMs)),
  'calendar:TimeZone': (v) => textEl('t:TimeZone', v.item.timeZone),
  'calendar:AppointmentSequenceNumber': (v) =>
    textEl('t:AppointmentSequenceNumber', v.item.version - 1),
  // Bits: 1 meeting, 2 received, 4 cancelled (AppointmentState, MS-OXOCAL).
  'calendar:AppointmentState': (v) =>
    textEl(
      't:AppointmentState',
      (attendeesOf(v).length ? 1 : 0) |
        (v.myResponseType === 'Organizer' ? 0 : 2) |
        (v.item.isCancelled ? 4 : 0),
    ),
  'calendar:Recurrence': (v) =>
    v.type === 'RecurringMaster' && v.item.recurrence ? recurrence(v) : undefined,
  'calendar:FirstOccurrence': (v) => edgeOccurrence(v, 'first'),
  'calendar:LastOccurrence': (v) => edgeOccurrence(v, 'last'),
  'calendar:ModifiedOccurrences': (v) => modifiedOccurrences(v),
  'calendar:DeletedOccurrences': (v) => deletedOccurrences(v),
  'calendar:StartTimeZone': (v) => timeZoneElement('t:StartTimeZone', v.item),
  'calendar:EndTimeZone': (v) => timeZoneElement('t:EndTimeZone', v.item),
};

export interface ItemXmlContext {
  parentFolderId: string;
  /** FieldURIs left out although asked for (a malformed item: see faults.ts). */
  omit?: ReadonlySet<string>;
}

export function calendarItemXml(view: ItemView, shape: ItemShape, ctx: ItemXmlContext): string {
  const fields = fieldsOf(shape);
  for (const field of ctx.omit ?? []) fields.delete(field);
  const parts: (string | undefined)[] = [itemId(view.itemId, view.changeKey)];
  if (fields.has('item:ParentFolderId'))
    parts.push(el('t:ParentFolderId', { Id: ctx.parentFolderId, ChangeKey: 'AQAAAA==' }));
  for (const field of fields) parts.push(WRITERS[field]?.(view));
  return el('t:CalendarItem', {}, ...parts);
}

export function itemId(id: string, changeKey: string): string {
  return el('t:ItemId', { Id: id, ChangeKey: changeKey });
}

const esc = (text: string) => textEl('x', text).slice(3, -4);

function attendeesOf(view: ItemView): Attendee[] {
  return [...view.requiredAttendees, ...view.optionalAttendees, ...view.resources];
}

function mailbox(person: Person): string {
  return el(
    't:Mailbox',
    {},
    textEl('t:Name', person.name ?? person.email),
    textEl('t:EmailAddress', person.email),
    textEl('t:RoutingType', 'SMTP'),
    textEl('t:MailboxType', 'Mailbox'),
  );
}

function attendees(name: string, list: Attendee[]): string | undefined {
  if (!list.length) return undefined;
  return el(
    name,
    {},
    ...list.map((a) =>
      el(
        't:Attendee',
        {},
        mailbox(a),
        textEl('t:ResponseType', a.response ?? 'Unknown'),
        a.lastResponseTime ? textEl('t:LastResponseTime', a.lastResponseTime) : undefined,
      ),
    ),
  );
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const time = `${hours ? `${hours}H` : ''}${rest ? `${rest}M` : ''}`;
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : days ? '' : 'T0M'}`;
}

function recurrence(view: ItemView): string {
  const rec = view.item.recurrence as Recurrence;
  return el('t:Recurrence', {}, patternXml(rec), rangeXml(view, rec));
}

function patternXml(rec: Recurrence): string {
  const p = rec.pattern;
  const interval = textEl('t:Interval', p.interval ?? 1);
  const days = textEl('t:DaysOfWeek', (p.daysOfWeek ?? []).join(' '));
  const index = textEl('t:DayOfWeekIndex', p.dayOfWeekIndex ?? 'First');
  const month = textEl('t:Month', MONTH_NAMES[monthNumber(p.month) - 1]);
  const dayOfMonth = textEl('t:DayOfMonth', p.dayOfMonth ?? 1);
  switch (p.type) {
    case 'Daily':
      return el('t:DailyRecurrence', {}, interval);
    case 'Weekly':
      return el(
        't:WeeklyRecurrence',
        {},
        interval,
        days,
        textEl('t:FirstDayOfWeek', p.firstDayOfWeek ?? 'Sunday'),
      );
    case 'AbsoluteMonthly':
      return el('t:AbsoluteMonthlyRecurrence', {}, interval, dayOfMonth);
    case 'RelativeMonthly':
      return el('t:RelativeMonthlyRecurrence', {}, interval, days, index);
    case 'AbsoluteYearly':
      return el('t:AbsoluteYearlyRecurrence', {}, dayOfMonth, month);
    case 'RelativeYearly':
      return el('t:RelativeYearlyRecurrence', {}, days, index, month);
  }
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function rangeXml(view: ItemView, rec: Recurrence): string {
  const zone = view.item.timeZone;
  const start = rec.range.startDate ?? localDate(view.item.startMs, zone);
  const startDate = textEl('t:StartDate', xsDate(start, zone));
  switch (rec.range.type) {
    case 'NoEnd':
      return el('t:NoEndRecurrence', {}, startDate);
    case 'EndDate':
      return el(
        't:EndDateRecurrence',
        {},
        startDate,
        textEl('t:EndDate', xsDate(rec.range.endDate ?? start, zone)),
      );
    case 'Numbered':
      return el(
        't:NumberedRecurrence',
        {},
        startDate,
        textEl('t:NumberOfOccurrences', rec.range.numberOfOccurrences ?? 1),
      );
  }
}

function occurrenceInfo(name: string, o: Occurrence, changeKey: string): string {
  return el(
    name,
    {},
    itemId(o.itemId, changeKey),
    textEl('t:Start', utc(o.startMs)),
    textEl('t:End', utc(o.endMs)),
    textEl('t:OriginalStart', utc(o.originalStartMs)),
  );
}

function edgeOccurrence(view: ItemView, which: 'first' | 'last'): string | undefined {
  const live = (view.occurrences ?? []).filter((o) => !o.deleted);
  if (!live.length) return undefined;
  if (which === 'last' && view.item.recurrence?.range.type === 'NoEnd') return undefined;
  const o = which === 'first' ? live[0] : live[live.length - 1];
  return (
    o &&
    occurrenceInfo(which === 'first' ? 't:FirstOccurrence' : 't:LastOccurrence', o, view.changeKey)
  );
}

function modifiedOccurrences(view: ItemView): string | undefined {
  const modified = (view.occurrences ?? []).filter((o) => o.modification && !o.deleted);
  if (view.type !== 'RecurringMaster' || !modified.length) return undefined;
  return el(
    't:ModifiedOccurrences',
    {},
    ...modified.map((o) => occurrenceInfo('t:Occurrence', o, view.changeKey)),
  );
}

function deletedOccurrences(view: ItemView): string | undefined {
  const deleted = [...view.item.deleted].sort((a, b) => a - b);
  if (view.type !== 'RecurringMaster' || !deleted.length) return undefined;
  return el(
    't:DeletedOccurrences',
    {},
    ...deleted.map((ms) => el('t:DeletedOccurrence', {}, textEl('t:Start', utc(ms)))),
  );
}

function timeZoneElement(name: string, item: ItemView['item']): string {
  return item.timeZoneId
    ? fullTimeZoneDefinition(name, item.timeZoneId, item.timeZone, new Date(item.startMs))
    : timeZoneDefinition(name, item.timeZone);
}

/**
 * A TimeZoneDefinition under its own Id, with the standard and daylight periods of `windowsId`
 * and the yearly transitions between them in force at `at` (types.xsd: Periods,
 * TransitionsGroups of RecurringDayTransitions, Transitions), as Exchange defines a zone it
 * has no name for. A zone without daylight time gets one period and one plain transition.
 */
function fullTimeZoneDefinition(name: string, id: string, windowsId: string, at: Date): string {
  const rules = yearlyRules(windowsId, at.getUTCFullYear());
  if (!rules) {
    const plain = timeZoneDefinition(name, windowsId);
    return plain.replace(/Id="[^"]*" Name="[^"]*"/, `Id="${id}" Name="${id}"`);
  }
  const transition = (t: ZoneTransition, to: string) =>
    el(
      't:RecurringDayTransition',
      {},
      el('t:To', { Kind: 'Period' }, to),
      textEl('t:TimeOffset', t.timeOffset),
      textEl('t:Month', t.month),
      textEl('t:DayOfWeek', t.dayOfWeek),
      textEl('t:Occurrence', t.occurrence),
    );
  return el(
    name,
    { Id: id, Name: id },
    el(
      't:Periods',
      {},
      el('t:Period', { Bias: rules.standardBias, Name: 'Standard', Id: 'Std' }),
      el('t:Period', { Bias: rules.daylightBias, Name: 'Daylight', Id: 'Dlt/1' }),
    ),
    el(
      't:TransitionsGroups',
      {},
      el(
        't:TransitionsGroup',
        { Id: '0' },
        transition(rules.toDaylight, 'Dlt/1'),
        transition(rules.toStandard, 'Std'),
      ),
    ),
    el('t:Transitions', {}, el('t:Transition', {}, el('t:To', { Kind: 'Group' }, '0'))),
  );
}

/**
 * A minimal but valid TimeZoneDefinition: one period, one group, one transition. Clients
 * resolve the zone by its Id (ews-javascript-api does); the bias is the standard offset.
 */
function timeZoneDefinition(name: string, windowsId: string): string {
  return el(
    name,
    { Id: windowsId, Name: windowsId },
    el(
      't:Periods',
      {},
      el('t:Period', { Bias: standardBias(windowsId), Name: 'Standard', Id: 'Std' }),
    ),
    el(
      't:TransitionsGroups',
      {},
      el(
        't:TransitionsGroup',
        { Id: '0' },
        el('t:Transition', {}, el('t:To', { Kind: 'Period' }, 'Std')),
      ),
    ),
    el('t:Transitions', {}, el('t:Transition', {}, el('t:To', { Kind: 'Group' }, '0'))),
  );
}
