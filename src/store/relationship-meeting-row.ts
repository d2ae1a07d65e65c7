/** A sales meeting as relationship analysis reads it: the meeting, its event's state, people. */
export interface RelationshipMeetingRow {
  meetingId: string;
  eventId: string;
  userId: string;
  accountId: string | null;
  relationshipKey: string;
  accountName: string | null;
  externalDomains: string[];
  title: string;
  start: string;
  end: string;
  status: string;
  meetingType: string | null;
  seriesId: string | null;
  originalStart: string | null;
  people: {
    email: string;
    name: string | null;
    internal: boolean;
    resource: boolean;
    /** From the matched CRM contact, when there is one. */
    title: string | null;
    responseStatus: string | null;
  }[];
}
