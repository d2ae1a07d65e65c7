/** A synced event as the meeting models read it (the MeetingInput of the offline contract). */
import type { MeetingInput } from '../../domain/detection/features.js';
import type { StoredEvent } from '../../store/store.js';

/** `owner` is the calendar owner's email: never counted as an external person. */
export function toMeetingInput(stored: StoredEvent, owner: string | null): MeetingInput {
  const event = stored.event;
  return {
    id: stored.id,
    title: event.title,
    description: event.description,
    location: event.location,
    start: event.start,
    end: event.end,
    allDay: event.allDay,
    timeZone: event.timeZone,
    organizer: event.organizer,
    attendees: event.attendees,
    status: event.status,
    transparency: event.transparency,
    seriesId: event.seriesId,
    calendarOwner: owner,
    conferenceUrl: event.conferenceUrl,
  };
}
