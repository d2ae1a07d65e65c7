/**
 * The property sets the session asks Exchange for: what SyncFolderItems sends of each change,
 * what GetItem reads of an item (contract 3.4) and of an exception.
 */
import {
  AppointmentSchema,
  BasePropertySet,
  BodyType,
  ItemSchema,
  PropertySet,
} from 'ews-javascript-api';

/** What SyncFolderItems sends of each item: enough to skip GetItem for singles outside the window. */
export const SYNC_SHAPE = () =>
  new PropertySet(BasePropertySet.IdOnly, [
    AppointmentSchema.Start,
    AppointmentSchema.End,
    AppointmentSchema.AppointmentType,
  ]);

/** Everything the mapper reads of a calendar item (contract 3.4). */
export const ITEM_SHAPE = () => {
  const set = new PropertySet(BasePropertySet.IdOnly, [
    ItemSchema.Subject,
    ItemSchema.Body,
    ItemSchema.LastModifiedTime,
    AppointmentSchema.ICalUid,
    AppointmentSchema.Start,
    AppointmentSchema.End,
    AppointmentSchema.IsAllDayEvent,
    AppointmentSchema.Location,
    AppointmentSchema.Organizer,
    AppointmentSchema.RequiredAttendees,
    AppointmentSchema.OptionalAttendees,
    AppointmentSchema.Resources,
    AppointmentSchema.MyResponseType,
    AppointmentSchema.AppointmentType,
    AppointmentSchema.Recurrence,
    AppointmentSchema.ModifiedOccurrences,
    AppointmentSchema.DeletedOccurrences,
    AppointmentSchema.LegacyFreeBusyStatus,
    AppointmentSchema.IsCancelled,
    AppointmentSchema.AppointmentSequenceNumber,
    AppointmentSchema.StartTimeZone,
    AppointmentSchema.EndTimeZone,
    AppointmentSchema.ICalRecurrenceId,
  ]);
  set.RequestedBodyType = BodyType.Text;
  return set;
};

export const EXCEPTION_SHAPE = () => {
  const set = new PropertySet(BasePropertySet.IdOnly, [
    ItemSchema.Subject,
    ItemSchema.Body,
    AppointmentSchema.Start,
    AppointmentSchema.Location,
    AppointmentSchema.AppointmentType,
    AppointmentSchema.LegacyFreeBusyStatus,
    AppointmentSchema.IsCancelled,
    // The owner may answer one occurrence apart from the series (decline just this one), and
    // an exception has attendees of its own (someone asked or left out for one week).
    AppointmentSchema.MyResponseType,
    AppointmentSchema.RequiredAttendees,
    AppointmentSchema.OptionalAttendees,
    AppointmentSchema.Resources,
  ]);
  set.RequestedBodyType = BodyType.Text;
  return set;
};
