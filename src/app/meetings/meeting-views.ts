/** Meetings as the API shows them. */
import type { MeetingView, ParticipantView } from '../../api/meetings-schemas.js';
import type { CalendarEvent, ResponseStatus } from '../../domain/event.js';
import type { Meeting, ReadParticipant } from '../../store/store.js';

/** What the meeting's event says about its days; the meetings table keeps only instants. */
export type MeetingDays = Pick<CalendarEvent, 'allDay' | 'startDate' | 'endDate'>;

/** A timed meeting's days: what a meeting whose event is gone is shown as. */
const TIMED: MeetingDays = { allDay: false, startDate: null, endDate: null };

export function toMeetingView(meeting: Meeting, event: MeetingDays | undefined): MeetingView {
  const days = event ?? TIMED;
  return {
    id: meeting.id,
    eventId: meeting.eventId,
    calendarId: meeting.calendarId,
    seriesId: meeting.seriesId,
    title: meeting.title,
    start: meeting.start,
    end: meeting.end,
    // An all-day meeting's instants are midnight in its zone, which falls on the day before
    // west of it: clients show the dates instead.
    allDay: days.allDay,
    startDate: days.allDay ? days.startDate : null,
    endDate: days.allDay ? days.endDate : null,
    isSalesMeeting: meeting.isSalesMeeting,
    confidence: meeting.confidence,
    meetingType: meeting.meetingType,
    typeConfidence: meeting.typeConfidence,
    reasons: meeting.reasons,
    account: meeting.account,
    accountAmbiguous: meeting.accountAmbiguous,
    externalDomains: meeting.externalDomains,
    source: meeting.source,
    modelVersion: meeting.modelVersion,
    detectedAt: meeting.detectedAt,
    updatedAt: meeting.updatedAt,
    participants: meeting.participants.map(toParticipantView),
  };
}

export function toParticipantView(participant: ReadParticipant): ParticipantView {
  return {
    ...participant,
    // Written from the event's attendees, whose statuses are these.
    responseStatus: participant.responseStatus as ResponseStatus | null,
  };
}
