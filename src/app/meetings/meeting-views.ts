/** Meetings as the API shows them. */
import type { MeetingView, ParticipantView } from '../../api/meetings-schemas.js';
import type { ResponseStatus } from '../../domain/event.js';
import type { Meeting, MeetingParticipant } from '../../store/store.js';

export function toMeetingView(meeting: Meeting): MeetingView {
  return {
    id: meeting.id,
    eventId: meeting.eventId,
    calendarId: meeting.calendarId,
    seriesId: meeting.seriesId,
    title: meeting.title,
    start: meeting.start,
    end: meeting.end,
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

export function toParticipantView(participant: MeetingParticipant): ParticipantView {
  return {
    ...participant,
    // Written from the event's attendees, whose statuses are these.
    responseStatus: participant.responseStatus as ResponseStatus | null,
  };
}
