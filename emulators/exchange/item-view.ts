/**
 * What one t:CalendarItem shows: a Single or RecurringMaster as stored, or an Occurrence or
 * Exception of a series (which is not stored: it is derived from the master).
 */
import type { StoredItem } from './items.js';
import type { Occurrence } from './occurrences.js';
import { occurrencesOf, reachOf } from './occurrences.js';
import type { Attendee, ResponseType } from './types.js';

export type CalendarItemType = 'Single' | 'Occurrence' | 'Exception' | 'RecurringMaster';

export interface ItemView {
  item: StoredItem;
  itemId: string;
  changeKey: string;
  type: CalendarItemType;
  subject: string;
  location?: string;
  startMs: number;
  endMs: number;
  /** Exceptions may have people of their own (see OccurrencePeople); others have the item's. */
  requiredAttendees: Attendee[];
  optionalAttendees: Attendee[];
  resources: Attendee[];
  myResponseType: ResponseType;
  /** Occurrences and exceptions: the start the pattern gave. */
  originalStartMs?: number;
  /** Masters: every occurrence (bounded by the caller's horizon for NoEnd series). */
  occurrences?: Occurrence[];
}

/** Series are listed this far ahead when a master is shown (FirstOccurrence, LastOccurrence). */
const MASTER_REACH_MS = 5 * 366 * 86_400_000;
const MAX_OCCURRENCES = 5_000;

export function viewOf(item: StoredItem): ItemView {
  const view: ItemView = {
    item,
    itemId: item.id,
    changeKey: item.changeKey,
    type: item.recurrence ? 'RecurringMaster' : 'Single',
    subject: item.subject,
    startMs: item.startMs,
    endMs: item.endMs,
    requiredAttendees: item.requiredAttendees,
    optionalAttendees: item.optionalAttendees,
    resources: item.resources,
    myResponseType: item.myResponseType,
  };
  if (item.location !== undefined) view.location = item.location;
  if (item.recurrence)
    view.occurrences = occurrencesOf(
      item,
      reachOf(item, item.startMs + MASTER_REACH_MS),
      MAX_OCCURRENCES,
    );
  return view;
}

export function occurrenceView(master: StoredItem, occurrence: Occurrence): ItemView {
  const m = occurrence.modification;
  const view: ItemView = {
    item: master,
    itemId: occurrence.itemId,
    // An occurrence's ChangeKey follows its master's: any edit of the series changes both.
    changeKey: master.changeKey,
    type: m ? 'Exception' : 'Occurrence',
    subject: m?.subject ?? master.subject,
    startMs: occurrence.startMs,
    endMs: occurrence.endMs,
    originalStartMs: occurrence.originalStartMs,
    requiredAttendees: m?.requiredAttendees ?? master.requiredAttendees,
    optionalAttendees: m?.optionalAttendees ?? master.optionalAttendees,
    resources: m?.resources ?? master.resources,
    myResponseType: m?.myResponseType ?? master.myResponseType,
  };
  const location = m?.location ?? master.location;
  if (location !== undefined) view.location = location;
  return view;
}
