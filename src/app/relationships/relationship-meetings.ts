/** Stored sales meetings as relationship analysis reads them. */
import type {
  MeetingType,
  RelationshipMeeting,
  ResponseStatus,
} from '../../domain/relationships/index.js';
import type { RelationshipMeetingRow } from '../../store/store.js';

const RESPONSES = new Set(['accepted', 'declined', 'tentative', 'needsAction']);

function response(value: string | null): ResponseStatus | null {
  return value !== null && RESPONSES.has(value) ? (value as ResponseStatus) : null;
}

function status(value: string): RelationshipMeeting['status'] {
  return value === 'cancelled' || value === 'tentative' ? value : 'confirmed';
}

export function toRelationshipMeeting(row: RelationshipMeetingRow): RelationshipMeeting {
  const people = row.people.filter((p) => !p.resource);
  return {
    id: row.eventId,
    accountKey: row.relationshipKey,
    accountName: row.accountName,
    start: Date.parse(row.start),
    end: Date.parse(row.end),
    status: status(row.status),
    isSalesMeeting: true,
    meetingType: row.meetingType as MeetingType | null,
    seriesId: row.seriesId,
    originalStart: row.originalStart ? Date.parse(row.originalStart) : null,
    title: row.title,
    externalPeople: people
      .filter((p) => !p.internal)
      .map((p) => ({
        email: p.email,
        name: p.name,
        title: p.title,
        responseStatus: response(p.responseStatus),
      })),
    internalPeople: people
      .filter((p) => p.internal)
      .map((p) => ({ email: p.email, responseStatus: response(p.responseStatus) })),
  };
}
