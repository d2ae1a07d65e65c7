import { apiRequest, CALENDAR_API } from './client';

export const MEETING_TYPES = [
  'discovery',
  'demo',
  'negotiation',
  'follow_up',
  'closing',
  'other',
] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];

export type ResponseStatus = 'accepted' | 'declined' | 'tentative' | 'needsAction';

export interface Participant {
  email: string;
  name: string | null;
  internal: boolean;
  resource: boolean;
  organizer: boolean;
  leadId: string | null;
  contactId: string | null;
  accountId: string | null;
  responseStatus: ResponseStatus | null;
}

export interface AccountRef {
  id: string;
  externalId: string | null;
  name: string;
  stage: string | null;
}

export interface Meeting {
  id: string;
  eventId: string;
  calendarId: string;
  seriesId: string | null;
  title: string;
  start: string;
  end: string;
  /** A meeting on whole days: its dates are startDate and endDate, not the instants. */
  allDay: boolean;
  /** All-day meetings only: the first day, `YYYY-MM-DD`. */
  startDate: string | null;
  /** All-day meetings only: the day after the last day (exclusive). */
  endDate: string | null;
  isSalesMeeting: boolean;
  confidence: number;
  meetingType: MeetingType | null;
  typeConfidence: number | null;
  reasons: string[];
  account: AccountRef | null;
  accountAmbiguous: boolean;
  externalDomains: string[];
  source: 'model' | 'feedback';
  modelVersion: string;
  detectedAt: string;
  updatedAt: string;
  participants: Participant[];
}

export interface MeetingPage {
  items: Meeting[];
  nextCursor: string | null;
}

export interface MeetingQuery {
  from?: string;
  to?: string;
  /** The zone whose dates from/to are days of: all-day meetings count by their dates there. */
  timeZone?: string;
  type?: MeetingType;
  accountId?: string;
  minConfidence?: number;
  /** Words in the title, the account's name, or an attendee's name or address. */
  q?: string;
  limit?: number;
  cursor?: string;
}

export interface Feedback {
  /** `withdraw` takes the user's last word back: the model decides again (an Undo). */
  verdict: 'confirm' | 'reject' | 'withdraw';
  meetingType?: MeetingType;
}

export interface FeedbackResult {
  /** Null only after `withdraw`, when the model does not take the event for a sales meeting. */
  meeting: Meeting | null;
  /** Other instances of the same recurring series the verdict was applied to. */
  propagatedTo: number;
  adaptationJobId: string | null;
}

export function listMeetings(query: MeetingQuery, signal?: AbortSignal): Promise<MeetingPage> {
  return apiRequest<MeetingPage>(`${CALENDAR_API}/meetings/`, { query: { ...query }, signal });
}

/** The server applies a verdict to the rest of a recurring series by itself. */
export function sendFeedback(meetingId: string, feedback: Feedback): Promise<FeedbackResult> {
  return apiRequest<FeedbackResult>(
    `${CALENDAR_API}/meetings/${encodeURIComponent(meetingId)}/feedback/`,
    { method: 'POST', body: feedback },
  );
}
