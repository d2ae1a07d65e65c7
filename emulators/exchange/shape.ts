/**
 * The requested shape of items (m:ItemShape): a base shape plus additional FieldURIs. The
 * emulator knows the fields of contract §3.4 and a few more; unknown ones are left out, as
 * Exchange leaves out properties an item does not have.
 */
import { child, childrenNamed, type XmlNode } from './xml.js';

export type BaseShape = 'IdOnly' | 'Default' | 'AllProperties';

export interface ItemShape {
  base: BaseShape;
  /** FieldURIs asked for on top of the base shape. */
  additional: Set<string>;
  /** Item:Body is not served by SyncFolderItems (the contract: use GetItem). */
  allowBody: boolean;
  /**
   * FindItem gives a summary: no body and no recipient lists (attendees, resources), which a
   * client reads with GetItem. Exchange refuses them asked by name; the emulator leaves them out.
   */
  summary?: boolean;
}

const RECIPIENT_LISTS = [
  'calendar:RequiredAttendees',
  'calendar:OptionalAttendees',
  'calendar:Resources',
];

export const DEFAULT_FIELDS = [
  'item:Subject',
  'item:HasAttachments',
  'calendar:Start',
  'calendar:End',
  'calendar:LegacyFreeBusyStatus',
  'calendar:Location',
  'calendar:CalendarItemType',
  'calendar:Organizer',
];

/** Everything AllProperties gives for a calendar item (Body only where allowed). */
export const ALL_FIELDS = [
  'item:ParentFolderId',
  'item:ItemClass',
  'item:Subject',
  'item:Sensitivity',
  'item:Body',
  'item:DateTimeCreated',
  'item:HasAttachments',
  'item:LastModifiedTime',
  'calendar:UID',
  'calendar:RecurrenceId',
  'calendar:Start',
  'calendar:End',
  'calendar:OriginalStart',
  'calendar:IsAllDayEvent',
  'calendar:LegacyFreeBusyStatus',
  'calendar:Location',
  'calendar:IsMeeting',
  'calendar:IsCancelled',
  'calendar:IsRecurring',
  'calendar:CalendarItemType',
  'calendar:MyResponseType',
  'calendar:Organizer',
  'calendar:RequiredAttendees',
  'calendar:OptionalAttendees',
  'calendar:Resources',
  'calendar:Duration',
  'calendar:TimeZone',
  'calendar:AppointmentSequenceNumber',
  'calendar:AppointmentState',
  'calendar:Recurrence',
  'calendar:FirstOccurrence',
  'calendar:LastOccurrence',
  'calendar:ModifiedOccurrences',
  'calendar:DeletedOccurrences',
  'calendar:StartTimeZone',
  'calendar:EndTimeZone',
];

export function readShape(
  node: XmlNode | undefined,
  allowBody: boolean,
  summary = false,
): ItemShape {
  const baseText = child(node, 'BaseShape')?.text;
  const base: BaseShape =
    baseText === 'Default' || baseText === 'AllProperties' ? baseText : 'IdOnly';
  const extra = child(node, 'AdditionalProperties');
  const additional = new Set(
    childrenNamed(extra, 'FieldURI')
      .map((f) => f.attrs.FieldURI ?? '')
      .filter(Boolean),
  );
  return { base, additional, allowBody, summary };
}

/** The FieldURIs to write, in the order types.xsd gives them. */
export function fieldsOf(shape: ItemShape): Set<string> {
  const base =
    shape.base === 'AllProperties' ? ALL_FIELDS : shape.base === 'Default' ? DEFAULT_FIELDS : [];
  const wanted = new Set([...base, ...shape.additional]);
  if (!shape.allowBody || shape.summary) wanted.delete('item:Body');
  if (shape.summary) for (const field of RECIPIENT_LISTS) wanted.delete(field);
  return new Set(ALL_FIELDS.filter((f) => wanted.has(f)));
}
