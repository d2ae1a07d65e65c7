/** Schemas of the meeting-intelligence routes: detection, meetings, insights and feedback. */
import { z } from 'zod';
import { strictQuery } from './strict-query.js';
import { pageParams } from './page-params.js';
import { searchTextSchema } from './search-text.js';
import { MEETING_TYPES } from '../domain/detection/analyse.js';
import { RESPONSE_STATUSES } from '../domain/event.js';
import { relationshipSummarySchema } from './relationships-schemas.js';
import { rangeBoundSchema } from './range-bounds.js';
import { viewerTimeZoneSchema } from './schemas.js';

const meetingType = z
  .enum(MEETING_TYPES)
  .describe(
    'discovery, demo, negotiation, follow_up, closing or other (see the labelling guide of the analysis contract)',
  );

export const detectRequestSchema = z
  .object({
    from: rangeBoundSchema('analyse events that end after this', 'user').optional(),
    to: rangeBoundSchema('analyse events that start before this', 'user').optional(),
  })
  .describe(
    'default: every stored event, from the retention cutoff (EVENT_RETENTION_DAYS back, 365 days by default; or the sync window’s start, if earlier) to the sync window’s end (SYNC_WINDOW_FUTURE_DAYS ahead, 365 days by default)',
  )
  .meta({ id: 'DetectMeetingsRequest' });
export type DetectRequest = z.infer<typeof detectRequestSchema>;

export const detectQueuedSchema = z
  .object({
    jobId: z
      .string()
      .nullable()
      .describe('the queued job; null when the same detection was already waiting to run'),
    from: z.string(),
    to: z.string(),
  })
  .meta({ id: 'DetectMeetingsQueued' });
export type DetectQueued = z.infer<typeof detectQueuedSchema>;

export const meetingListQuerySchema = strictQuery({
  type: meetingType.optional().describe('only meetings of this type'),
  accountId: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe(
      "only meetings with this account, by calintel's id (an id that names none of your organisation's accounts is a 400)",
    ),
  accountExternalId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe(
      "only meetings with this account, by the CRM's id you imported it with (its externalId); not with accountId",
    ),
  minConfidence: z.coerce
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('only meetings detected with at least this confidence; a confirmed meeting has 1'),
  from: rangeBoundSchema(
    'meetings that end after this (all-day meetings: see timeZone)',
  ).optional(),
  to: rangeBoundSchema(
    'meetings that start before this (all-day meetings: see timeZone)',
  ).optional(),
  timeZone: viewerTimeZoneSchema,
  q: searchTextSchema(
    "only meetings whose title, account name, or an attendee's name or address holds this text (case and accents ignored)",
  ),
  ...pageParams,
});
export type MeetingListQuery = z.infer<typeof meetingListQuerySchema>;

export const participantSchema = z
  .object({
    email: z.string(),
    name: z.string().nullable(),
    internal: z
      .boolean()
      .describe("from the organisation's internal domains, or the calendar's owner"),
    resource: z.boolean().describe('a room or equipment, never a person'),
    organizer: z.boolean(),
    leadId: z.string().nullable().describe('the CRM lead with this address'),
    contactId: z.string().nullable().describe('the CRM contact with this address'),
    accountId: z
      .string()
      .nullable()
      .describe("the person's account: from their contact, else lead, else email domain"),
    leadExternalId: z
      .string()
      .nullable()
      .describe(
        "the CRM's own id of that lead (the externalId it was imported with); null without a lead or one",
      ),
    contactExternalId: z
      .string()
      .nullable()
      .describe(
        "the CRM's own id of that contact (the externalId it was imported with); null without a contact or one",
      ),
    accountExternalId: z
      .string()
      .nullable()
      .describe(
        "the CRM's own id of that account (the externalId it was imported with); null without an account or one",
      ),
    responseStatus: z.enum(RESPONSE_STATUSES).nullable(),
  })
  .meta({ id: 'MeetingParticipant' });
export type ParticipantView = z.infer<typeof participantSchema>;

export const accountRefSchema = z
  .object({
    id: z.string(),
    externalId: z.string().nullable().describe("the CRM's id for the account"),
    name: z.string(),
    stage: z.string().nullable(),
  })
  .meta({ id: 'AccountRef' });
export type AccountRefView = z.infer<typeof accountRefSchema>;

const detectionFields = {
  isSalesMeeting: z
    .boolean()
    .describe('false only for a meeting your team rejected (source feedback)'),
  confidence: z
    .number()
    .describe(
      'calibrated probability that it is a sales meeting; 1 or 0 when your team confirmed or rejected it',
    ),
  meetingType: meetingType.nullable(),
  typeConfidence: z.number().nullable(),
  reasons: z.array(z.string()).describe("the decision in a salesperson's words, strongest first"),
};

export const meetingSchema = z
  .object({
    id: z.string(),
    eventId: z.string().describe('the calendar event (GET /events/{id}/)'),
    calendarId: z.string(),
    seriesId: z.string().nullable(),
    title: z.string(),
    start: z
      .string()
      .describe('UTC instant; for an all-day meeting, midnight of startDate in its zone'),
    end: z.string().describe('UTC instant, exclusive'),
    allDay: z
      .boolean()
      .describe('a meeting on whole days: show startDate and endDate, not start and end'),
    startDate: z
      .string()
      .nullable()
      .describe('all-day meetings only: the first day, YYYY-MM-DD (null otherwise)'),
    endDate: z
      .string()
      .nullable()
      .describe('all-day meetings only: the day after the last day, YYYY-MM-DD (exclusive)'),
    ...detectionFields,
    account: accountRefSchema.nullable(),
    accountAmbiguous: z
      .boolean()
      .describe(
        'several accounts claimed the attendees; the one chosen follows the documented rule',
      ),
    externalDomains: z.array(z.string()),
    source: z.enum(['model', 'feedback']).describe('who decided: the model, or your team'),
    modelVersion: z.string(),
    detectedAt: z.string(),
    updatedAt: z.string(),
    participants: z.array(participantSchema),
  })
  .meta({ id: 'Meeting' });
export type MeetingView = z.infer<typeof meetingSchema>;

export const meetingPageSchema = z.object({
  items: z.array(meetingSchema),
  nextCursor: z.string().nullable(),
});
export type MeetingPage = z.infer<typeof meetingPageSchema>;

export const feedbackBodySchema = z
  .object({
    verdict: z
      .enum(['confirm', 'reject', 'withdraw'])
      .describe(
        'confirm: it is a sales meeting; reject: it is not; withdraw: take back your earlier word on it (and on its series), so that the model decides again, as it did before anyone judged it (what an Undo sends)',
      ),
    meetingType: meetingType
      .optional()
      .describe('with confirm: the right type, when the detected one is wrong'),
  })
  // A misspelt field (`type` for `meetingType`) is refused, not dropped with its correction.
  .strict()
  .meta({ id: 'MeetingFeedback' });
export type FeedbackInput = z.infer<typeof feedbackBodySchema>;

export const feedbackResultSchema = z
  .object({
    meeting: meetingSchema
      .nullable()
      .describe(
        'the meeting as it is now; null only after `withdraw`, when the model does not take the event for a sales meeting',
      ),
    propagatedTo: z
      .number()
      .describe(
        "other instances of the same recurring series the verdict was applied to, on any of your calendars (an instance's copies on your other calendars count once; a single meeting has none)",
      ),
    adaptationJobId: z
      .string()
      .nullable()
      .describe("the job adapting your organisation's model (null: one was already waiting)"),
  })
  .meta({ id: 'MeetingFeedbackResult' });
export type FeedbackResult = z.infer<typeof feedbackResultSchema>;

export const insightsSchema = z
  .object({
    eventId: z.string(),
    title: z.string(),
    start: z.string(),
    end: z.string(),
    detection: z.object({
      ...detectionFields,
      source: z
        .enum(['model', 'feedback', 'live'])
        .describe('live: analysed for this answer, as it is not a stored meeting'),
      meetingId: z.string().nullable().describe('the stored meeting, when there is one'),
      modelVersion: z.string(),
      detectedAt: z.string().nullable(),
    }),
    account: accountRefSchema.nullable(),
    accountAmbiguous: z.boolean(),
    externalDomains: z.array(z.string()),
    matchedLeadIds: z.array(z.string()),
    matchedContactIds: z.array(z.string()),
    participants: z.array(participantSchema),
    relatedMeetings: z
      .array(
        z.object({
          id: z.string(),
          eventId: z.string(),
          title: z.string(),
          start: z.string(),
          end: z.string(),
          meetingType: meetingType.nullable(),
          confidence: z.number(),
        }),
      )
      .describe('your other sales meetings with the same account, latest first (at most 20)'),
    relationship: relationshipSummarySchema
      .nullable()
      .describe("the account's relationship: stage, cadence, stakeholders (null: none yet)"),
  })
  .meta({ id: 'EventInsights' });
export type InsightsView = z.infer<typeof insightsSchema>;
