/**
 * FindItem with a CalendarView (contract §3.3): Single items, Occurrences and Exceptions (never
 * masters) that overlap [StartDate, EndDate), by start. No paging: past MaxEntriesReturned (or
 * the find count limit) the list is cut and IncludesLastItemInRange is false, with the full
 * count in TotalItemsInView. Ranges over two years give ErrorCalendarViewRangeTooBig.
 */
import { DateTime } from 'luxon';
import type { EmulatorContext } from './context.js';
import { locateRequiredFolder } from './delegates.js';
import { occurrenceView, viewOf, type ItemView } from './item-view.js';
import { calendarItemXml } from './item-xml.js';
import type { Mailbox } from './mailbox.js';
import { occurrencesOf, reachOf } from './occurrences.js';
import { ALL_FIELDS, readShape } from './shape.js';
import { EwsError, errorMessage, successMessage } from './soap.js';
import { child, el, type XmlNode } from './xml.js';

const OPERATION = 'FindItem';
const MAX_PER_SERIES = 5_000;
const FREE_BUSY_FIELDS = new Set([
  'calendar:Start',
  'calendar:End',
  'calendar:IsAllDayEvent',
  'calendar:LegacyFreeBusyStatus',
  'calendar:CalendarItemType',
]);
const BEYOND_FREE_BUSY: ReadonlySet<string> = new Set(
  ALL_FIELDS.filter((f) => !FREE_BUSY_FIELDS.has(f)),
);

export function findItem(op: XmlNode, caller: Mailbox, ctx: EmulatorContext): string {
  try {
    const located = locateRequiredFolder(child(op, 'ParentFolderIds'), caller, ctx);
    const { mailbox, folder } = located;
    const view = child(op, 'CalendarView');
    if (!view)
      throw new EwsError(
        'ErrorInvalidOperation',
        'The emulator supports FindItem with CalendarView only.',
      );
    const range = readRange(view, ctx.settings.calendarViewMaxYears);
    const all = itemsInRange(mailbox, folder.id, range.startMs, range.endMs);
    const asked = Number(view.attrs.MaxEntriesReturned ?? Infinity);
    const limit = Math.min(Number.isFinite(asked) ? asked : Infinity, ctx.settings.findCountLimit);
    const listed = all.slice(0, limit);
    // A summary, as Exchange's FindItem gives: an exception's people are read with GetItem.
    const shape = readShape(child(op, 'ItemShape'), false, true);
    // Free/busy only: when, and how busy, and nothing else of the item (delegates.ts).
    const omit = located.access === 'freeBusy' ? BEYOND_FREE_BUSY : undefined;
    const items = listed.map((v) =>
      calendarItemXml(v, shape, { parentFolderId: folder.id, ...(omit ? { omit } : {}) }),
    );
    return successMessage(
      OPERATION,
      el(
        'm:RootFolder',
        { TotalItemsInView: all.length, IncludesLastItemInRange: listed.length === all.length },
        el('t:Items', {}, ...items),
      ),
    );
  } catch (error) {
    if (!(error instanceof EwsError)) throw error;
    return errorMessage(OPERATION, error);
  }
}

function readRange(view: XmlNode, maxYears: number): { startMs: number; endMs: number } {
  const startMs = Date.parse(view.attrs.StartDate ?? '');
  const endMs = Date.parse(view.attrs.EndDate ?? '');
  if (Number.isNaN(startMs) || Number.isNaN(endMs))
    throw new EwsError('ErrorInvalidRequest', 'CalendarView needs StartDate and EndDate.');
  if (endMs < startMs)
    throw new EwsError(
      'ErrorCalendarEndDateIsEarlierThanStartDate',
      'EndDate is earlier than StartDate',
    );
  const longest = DateTime.fromMillis(startMs, { zone: 'UTC' }).plus({ years: maxYears });
  if (endMs > longest.toMillis())
    throw new EwsError(
      'ErrorCalendarViewRangeTooBig',
      'The calendar view range is larger than the maximum range allowed.',
    );
  return { startMs, endMs };
}

/** What overlaps the range in one folder, as its calendar view shows it, by start then end. */
export function itemsInRange(
  mailbox: Mailbox,
  folderId: string,
  startMs: number,
  endMs: number,
): ItemView[] {
  const views: ItemView[] = [];
  const overlaps = (s: number, e: number) =>
    s < endMs && (e > startMs || (s === e && s >= startMs));
  for (const item of mailbox.liveItems(folderId)) {
    if (!item.recurrence) {
      if (overlaps(item.startMs, item.endMs)) views.push(viewOf(item));
      continue;
    }
    for (const o of occurrencesOf(item, reachOf(item, endMs), MAX_PER_SERIES)) {
      if (!o.deleted && overlaps(o.startMs, o.endMs)) views.push(occurrenceView(item, o));
    }
  }
  return views.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
}
