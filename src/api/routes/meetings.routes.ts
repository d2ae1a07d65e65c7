import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../api-deps.js';
import { callerOf } from '../auth.js';
import { cursorOwner, requestCursors } from '../page-cursor.js';
import {
  detectQueuedSchema,
  detectRequestSchema,
  feedbackBodySchema,
  feedbackResultSchema,
  insightsSchema,
  meetingListQuerySchema,
  meetingPageSchema,
} from '../meetings-schemas.js';
import { errorSchema } from '../schemas.js';

const id = z.string().min(1).max(100);

export function meetingsRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/meetings/detect/',
      {
        schema: {
          summary: 'Queue sales-meeting detection over your events',
          description:
            'Queues `detect_meetings_for_user_task` for the caller: every event in the range is analysed in start order (default: every stored event, from the retention cutoff, EVENT_RETENTION_DAYS back (365 days by default, or the sync window’s start if that is earlier), to the end of the sync window, SYNC_WINDOW_FUTURE_DAYS ahead (365 days by default): more than the sync window’s 90 days back, because an account’s stage reads longer history, such as three months of meetings for established and a last meeting over 90 days ago for dormant; the answer’s `from` and `to` say the range used), sales meetings are stored or updated, and events that are no longer sales meetings lose theirs. Detection also runs by itself after every sync that changed events and after every CRM change.',
          tags: ['meetings'],
          security: [{ bearer: [] }],
          // Fastify gives null for a POST without a body, as `curl -X POST` sends it.
          body: detectRequestSchema.nullish(),
          response: { 202: detectQueuedSchema, 400: errorSchema, 401: errorSchema },
        },
      },
      async (request, reply) => {
        const queued = await deps.meetings.detect(callerOf(request), request.body ?? {});
        return reply.status(202).send(queued);
      },
    );

    app.get(
      '/meetings/',
      {
        schema: {
          summary: 'List your sales meetings, sorted by start',
          description:
            "Detected sales meetings (and those your team confirmed), filtered by type, account, confidence and time range (overlapping [from, to); an all-day meeting by its dates in `timeZone`), each with its participants and their CRM matches, by calintel's ids and by the CRM's own (`leadExternalId`, `contactExternalId`, `accountExternalId`: the externalId each was imported with, null without one). The account is named by calintel's id (`accountId`) or by the CRM's id you imported it with (`accountExternalId`); a value that names none of your organisation's accounts is a 400 `invalid_input` (not an empty page, which would read as an account without meetings) that says which filter the value fits. Meetings your team rejected are not listed. Pages with an opaque cursor: pass `nextCursor` back as `cursor`, with the same filters (a cursor of another list or other filters is a 400 `invalid_cursor`; `limit` may change).",
          tags: ['meetings'],
          security: [{ bearer: [] }],
          querystring: meetingListQuerySchema,
          response: { 200: meetingPageSchema, 400: errorSchema, 401: errorSchema },
        },
      },
      async (request) => {
        const cursors = requestCursors('meetings', request.query, cursorOwner(deps, request));
        const page = await deps.meetings.list(callerOf(request), {
          ...request.query,
          cursor: cursors.position,
        });
        return { ...page, nextCursor: cursors.next(page.nextCursor) };
      },
    );

    app.get(
      '/events/:id/insights/',
      {
        schema: {
          summary: 'What calintel knows about one event',
          description:
            "The detection (sales meeting or not, confidence, type, reasons strongest first), the account, every participant with their CRM lead, contact and account match (calintel's ids and the CRM's own externalIds), and your other sales meetings with the same account. An event that is not a stored meeting is analysed for the answer (source `live`). The account rule: a participant's account comes from their contact, else lead, else email domain; the meeting's account is the one with most external participants (contacts and leads count twice), ties going to the external organiser's account, then by name, and reported as ambiguous.",
          tags: ['meetings'],
          security: [{ bearer: [] }],
          params: z.object({ id }),
          response: { 200: insightsSchema, 401: errorSchema, 404: errorSchema },
        },
      },
      async (request) => deps.meetings.insights(callerOf(request), request.params.id),
    );

    app.post(
      '/meetings/:id/feedback/',
      {
        schema: {
          summary: 'Confirm or reject a detection, correct its type, or take your word back',
          description:
            "Applied at once: a rejected meeting is no longer listed, a confirmed one is listed with confidence 1 and the type given, and `withdraw` takes back your last word on it (an Undo), so that the model decides again as if nobody had judged it. The verdict also applies to the other instances of the same recurring series and to the same meeting on your other calendars (now and as new ones arrive, also when a calendar is synced again from scratch), is stored, and queues `adapt_meeting_model` (after `MEETING_ADAPTATION_DELAY_SECONDS`, 30 by default, which the verdicts given meanwhile join), which refits your organisation's adjustment to the models and, if the adjustment changed, detects again; the adjustment changes other meetings only once the organisation has given enough feedback (10 verdicts, at least 3 of each kind), and only so far. A verdict is yours: a teammate's copy of the same meeting keeps theirs, and the account's relationship counts a shared meeting while any owner's copy is a sales meeting. `id` is the meeting's id, or an event's id to confirm an event detection missed. An event of another person's calendar shared with you (an Exchange shared calendar, a colleague's Google calendar) is theirs, never your meeting: feedback on it is a 409.",
          tags: ['meetings'],
          security: [{ bearer: [] }],
          params: z.object({ id }),
          body: feedbackBodySchema,
          response: {
            200: feedbackResultSchema,
            400: errorSchema,
            401: errorSchema,
            404: errorSchema,
            409: errorSchema,
          },
        },
      },
      async (request) => deps.meetings.feedback(callerOf(request), request.params.id, request.body),
    );
  };
}
