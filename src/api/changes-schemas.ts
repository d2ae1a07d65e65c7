/** Schemas of the change log (`GET /events/changes/`): its query, its entries and its page. */
import { z } from 'zod';
import { strictQuery } from './strict-query.js';
import { CHANGE_KINDS, UPDATED_FIELDS } from '../domain/changes/event-change.js';
import { RESPONSE_STATUSES } from '../domain/event.js';

export const changeListQuerySchema = strictQuery(
  {
    since: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe(
        "nextCursor of the previous read (or the cursor of any change), as given to this user: cursors are opaque and a cursor given to another user is refused (a list's page cursor too: 400 `invalid_cursor`); absent: from the oldest change kept",
      ),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    calendarId: z
      .string()
      .min(1)
      .optional()
      .describe("only this calendar's changes; an id that names none of your calendars is a 400"),
  },
  {
    // The lists page with `cursor`; the log is read with `since`. Taking `cursor` as an alias would
    // give one endpoint two names for one thing; refusing it tells a client paging like a list.
    cursor: 'the change log is read with `since`: pass the previous nextCursor as since',
  },
);
export type ChangeListQuery = z.infer<typeof changeListQuerySchema>;

const eventTimesSchema = z
  .object({
    start: z.string(),
    end: z.string(),
    allDay: z.boolean(),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
  })
  .meta({ id: 'EventTimes' });

export const eventChangeSchema = z
  .object({
    cursor: z.string().describe('pass as `since` to read the changes after this one'),
    kind: z
      .enum(CHANGE_KINDS)
      .describe(
        'created, updated (see details.fields), rescheduled (times moved), cancelled (status became cancelled), deleted, attendee_added, attendee_removed, response_changed; one sync may record several for one event',
      ),
    eventId: z
      .string()
      .nullable()
      .describe("the event's id (GET /events/{id}); for a deleted event, the id it had"),
    providerEventId: z.string(),
    calendarId: z.string(),
    seriesId: z.string().nullable(),
    occurredAt: z.string().describe('when the sync that found the change committed it'),
    details: z
      .object({
        fields: z
          .array(z.enum(UPDATED_FIELDS))
          .optional()
          .describe(
            'updated: the normalised fields that changed (attendees: one who stayed changed name or role)',
          ),
        previous: eventTimesSchema.optional().describe('rescheduled: the times before'),
        current: eventTimesSchema.optional().describe('rescheduled: the times after'),
        email: z
          .string()
          .optional()
          .describe(
            'attendee_added, attendee_removed, response_changed: the attendee, lower-cased',
          ),
        from: z.enum(RESPONSE_STATUSES).optional().describe('response_changed: the answer before'),
        to: z.enum(RESPONSE_STATUSES).optional().describe('response_changed: the answer after'),
        title: z.string().optional().describe('deleted: the title the event had'),
        start: z.string().optional().describe('deleted: the start the event had'),
        end: z.string().optional().describe('deleted: the end the event had'),
      })
      .describe('what changed; which fields are present depends on kind'),
  })
  .meta({ id: 'EventChange' });
export type ChangeView = z.infer<typeof eventChangeSchema>;

export const changePageSchema = z.object({
  items: z.array(eventChangeSchema).describe('oldest first'),
  nextCursor: z
    .string()
    .describe(
      'pass back as `since` for what happens next; never null: with no newer change it is the `since` given',
    ),
});
export type ChangePage = z.infer<typeof changePageSchema>;
