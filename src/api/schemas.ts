/** Request and response schemas: they validate input and produce the OpenAPI document. */
import { z } from 'zod';
import { strictQuery } from './strict-query.js';
import { pageParams } from './page-params.js';
import { searchTextSchema } from './search-text.js';
import {
  EVENT_STATUSES,
  PROVIDER_KINDS,
  type ProviderKind,
  RESPONSE_STATUSES,
  TRANSPARENCIES,
} from '../domain/event.js';
import { isIanaZone } from '../domain/viewer-dates.js';
import { rangeBoundSchema } from './range-bounds.js';

export {
  changeListQuerySchema,
  changePageSchema,
  eventChangeSchema,
  type ChangeListQuery,
  type ChangePage,
  type ChangeView,
} from './changes-schemas.js';

export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .meta({ id: 'Error' });

/**
 * The viewer's zone of a list with a time range: all-day events and meetings count by their
 * dates there. One definition, so that every list documents and checks it alike.
 */
export const viewerTimeZoneSchema = z
  .string()
  .max(100)
  .refine(isIanaZone, { message: 'must be an IANA time zone, such as America/New_York' })
  .optional()
  .describe(
    "The viewer's time zone, an IANA name such as `America/New_York` or `UTC` (anything else, an offset such as `+05:00` included, is a 400 `invalid_input`). A timed item is in the range [from, to) when its instants overlap it. An all-day one is in it when its dates [startDate, endDate) overlap the calendar dates the range covers in this zone: from the date of `from` to the date of the last moment before `to`, as Google Calendar lists all-day events (its `start` and `end` are midnight in its own zone, which is the day before or after elsewhere). Default: your user's time zone when one is set, else UTC.",
  );

/**
 * A provider named in a filter or a body. The paths say `outlook` (`/providers/outlook/connect/`)
 * where `provider` says `microsoft`, so `outlook` is taken as another name of `microsoft`.
 */
export const providerNameSchema = z
  .enum([...PROVIDER_KINDS, 'outlook'])
  .transform((name): ProviderKind => (name === 'outlook' ? 'microsoft' : name))
  .describe('google, microsoft (or outlook, the same), exchange, caldav or ics');

export const eventListQuerySchema = strictQuery({
  from: rangeBoundSchema('events that end after this (all-day events: see timeZone)').optional(),
  to: rangeBoundSchema('events that start before this (all-day events: see timeZone)').optional(),
  timeZone: viewerTimeZoneSchema,
  calendarId: z
    .string()
    .min(1)
    .optional()
    .describe("only this calendar's events; an id that names none of your calendars is a 400"),
  provider: providerNameSchema.optional(),
  status: z.enum(EVENT_STATUSES).optional(),
  q: searchTextSchema('text in title, description or location'),
  ...pageParams,
});
export type EventListQuery = z.infer<typeof eventListQuerySchema>;

const personSchema = z.object({ email: z.string(), name: z.string().nullable() });

export const eventSchema = z
  .object({
    id: z.string(),
    calendarId: z.string(),
    connectionId: z.string(),
    provider: z.enum(PROVIDER_KINDS),
    providerEventId: z.string(),
    iCalUid: z.string().nullable(),
    title: z.string(),
    description: z.string().nullable(),
    location: z.string().nullable(),
    conferenceUrl: z.string().nullable(),
    allDay: z.boolean(),
    start: z.string(),
    end: z.string(),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    timeZone: z.string().nullable(),
    status: z.enum(EVENT_STATUSES),
    transparency: z.enum(TRANSPARENCIES),
    organizer: personSchema.nullable(),
    attendees: z.array(
      personSchema.extend({
        responseStatus: z.enum(RESPONSE_STATUSES),
        optional: z.boolean(),
        resource: z.boolean(),
      }),
    ),
    seriesId: z.string().nullable(),
    originalStart: z.string().nullable(),
    sequence: z.number().nullable(),
    etag: z.string().nullable(),
    updatedAt: z.string().nullable(),
    syncedAt: z.string(),
  })
  .meta({ id: 'CalendarEvent' });
export type EventView = z.infer<typeof eventSchema>;

export const eventDetailSchema = eventSchema
  .extend({
    copies: z
      .array(
        z.object({
          eventId: z.string(),
          userId: z.string(),
          calendarId: z.string(),
          provider: z.enum(PROVIDER_KINDS),
        }),
      )
      .describe(
        "the same meeting on other calendars of your organisation (a teammate's copy, or your own on another provider): same iCalendar UID and, for an instance of a series, the same original start",
      ),
  })
  .meta({ id: 'CalendarEventDetail' });
export type EventDetailView = z.infer<typeof eventDetailSchema>;

export const eventPageSchema = z.object({
  items: z.array(eventSchema),
  nextCursor: z.string().nullable(),
});
export type EventPage = z.infer<typeof eventPageSchema>;

export const connectionSchema = z
  .object({
    id: z.string(),
    provider: z.enum(PROVIDER_KINDS),
    label: z.string(),
    status: z.enum(['active', 'reauth_required', 'error', 'disconnected']),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    calendars: z.array(
      z.object({ id: z.string(), name: z.string(), providerCalendarId: z.string() }),
    ),
    sync: z
      .object({ added: z.number(), updated: z.number(), deleted: z.number(), issues: z.number() })
      .nullable(),
  })
  .meta({ id: 'Connection' });
export type ConnectionView = z.infer<typeof connectionSchema>;

export const providerSchema = z
  .object({
    provider: z.enum(PROVIDER_KINDS),
    name: z.string(),
    configured: z.boolean(),
    connectable: z
      .boolean()
      .describe('whether this build can connect it (later providers come in their own releases)'),
    connections: z.array(connectionSchema.omit({ calendars: true, sync: true })),
  })
  .meta({ id: 'Provider' });
export type ProviderView = z.infer<typeof providerSchema>;

export const connectExchangeBodySchema = z
  .object({
    email: z.email().describe('the mailbox'),
    username: z
      .string()
      .trim()
      .min(1)
      .max(320)
      .describe('DOMAIN\\user, user@domain or the email, as the server expects'),
    password: z.string().min(1).max(500).optional().describe('for basic and ntlm'),
    authType: z
      .enum(['basic', 'ntlm', 'oauth'])
      .describe('how the server checks the user; oauth sends `token` as a bearer token'),
    token: z.string().min(1).max(10_000).optional().describe('for oauth'),
  })
  .refine((b) => (b.authType === 'oauth' ? b.token !== undefined : b.password !== undefined), {
    message: 'basic and ntlm need a password; oauth needs a token',
  })
  .meta({ id: 'ConnectExchangeRequest' });
export type ConnectExchangeInput = z.infer<typeof connectExchangeBodySchema>;

export const connectCaldavBodySchema = z
  .object({
    serverUrl: z
      .string()
      .trim()
      .min(3)
      .max(500)
      .describe(
        'the CalDAV server (https://caldav.fastmail.com/) or just the domain (icloud.com, your Nextcloud host), found through /.well-known/caldav',
      ),
    username: z.string().trim().min(1).max(320),
    password: z
      .string()
      .min(1)
      .max(500)
      .describe('an app password: checked before anything is stored, then stored encrypted'),
  })
  .meta({ id: 'ConnectCaldavRequest' });
export type ConnectCaldavInput = z.infer<typeof connectCaldavBodySchema>;

export const skippedCalendarSchema = z
  .object({
    href: z.string().describe("the calendar's href as the server sent it ('' when it sent none)"),
    reason: z.string().describe('why it was left out, naming the calendar and its href'),
  })
  .meta({ id: 'SkippedCalendar' });

export const caldavConnectionSchema = connectionSchema
  .extend({
    skippedCalendars: z
      .array(skippedCalendarSchema)
      .describe(
        'calendars the server listed under an href that cannot be used (empty, not a URL, or on another server): not connected, each with why; empty when none',
      ),
  })
  .meta({ id: 'CaldavConnection' });
export type CaldavConnectionView = z.infer<typeof caldavConnectionSchema>;

export const syncRequestSchema = z.object({
  calendarId: z
    .string()
    .min(1)
    .optional()
    .describe('one calendar; an id that names none of your calendars is a 400'),
  connectionId: z
    .string()
    .min(1)
    .optional()
    .describe("one connection's calendars; an id that names none of yours is a 400"),
  provider: providerNameSchema.optional(),
});
export type SyncRequest = z.infer<typeof syncRequestSchema>;

export const syncTriggeredSchema = z.object({
  queued: z.array(z.object({ calendarId: z.string(), jobId: z.string().nullable() })),
});
export type SyncTriggered = z.infer<typeof syncTriggeredSchema>;

export const syncStatusSchema = z
  .object({
    calendarId: z.string(),
    calendarName: z.string(),
    connectionId: z.string(),
    provider: z.enum(PROVIDER_KINDS),
    state: z
      .enum(['idle', 'syncing', 'pending', 'ok', 'error'])
      .describe(
        "`idle`: not synced yet (or its calendar was emptied); `syncing`: a sync is working on it (shown within a second of its start, before it has written anything; the counts are still the last finished run's); `pending`: a sync was stopped part-way (the service stopped): `eventsCount` holds what it stored and `nextRunAt` is when the next run resumes it; `ok`: the last sync finished; `error`: it failed (`lastError`)",
      ),
    lastSyncAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    nextRunAt: z.string().nullable(),
    eventsCount: z.number(),
    lastCounts: z.object({ added: z.number(), updated: z.number(), deleted: z.number() }),
    issues: z
      .array(
        z.object({
          message: z.string(),
          line: z.number().nullable(),
          providerEventId: z.string().nullable(),
        }),
      )
      .describe(
        'what the last completed sync could not read or apply: the first 200 it met; a run whose source had not changed (a feed answering 304) keeps those of the last one that read it',
      ),
    issueCount: z
      .number()
      .describe(
        'how many issues the last completed sync had, whether `issues` lists them all or the first 200',
      ),
    eventsLeftOut: z
      .number()
      .nullable()
      .describe(
        "events the last completed sync's issues left out (not stored; an .ics file's or feed's VEVENTs), each counted once, over all its issues; null beside issues when not counted (a status stored before counting, or issues about no event)",
      ),
    eventsKeptWithIssues: z
      .number()
      .nullable()
      .describe(
        'events the last completed sync stored despite an issue about them, each counted once; null when eventsLeftOut is',
      ),
    lastError: z
      .object({ kind: z.string(), message: z.string(), at: z.string().nullable() })
      .nullable()
      .describe('why the last run failed, while that stands: a successful run clears it'),
    consecutiveFailures: z.number(),
    failing: z
      .boolean()
      .describe(
        'failing without a success for longer than SYNC_FAILURE_ALERT_MINUTES (the monitor flags it)',
      ),
  })
  .meta({ id: 'CalendarSyncStatus' });
export type SyncStatusView = z.infer<typeof syncStatusSchema>;

export const googleConnectBodySchema = z
  .object({
    loginHint: z
      .email()
      .optional()
      .describe('the Google account to preselect on the consent screen'),
    writeAccess: z
      .boolean()
      .optional()
      .describe(
        'also ask for permission to change events (calendar.events), which conflict write-back needs: declining a meeting or deleting your own hold. Default false: read-only.',
      ),
  })
  .meta({ id: 'GoogleConnectRequest' });
export type GoogleConnectInput = z.infer<typeof googleConnectBodySchema>;

export const outlookConnectBodySchema = z
  .object({
    loginHint: z
      .email()
      .optional()
      .describe('the Microsoft account to preselect on the sign-in screen'),
    writeAccess: z
      .boolean()
      .optional()
      .describe(
        'also ask for Calendars.ReadWrite, which conflict write-back needs: declining a meeting or deleting your own hold. Default false: Calendars.Read only.',
      ),
  })
  .meta({ id: 'OutlookConnectRequest' });
export type OutlookConnectInput = z.infer<typeof outlookConnectBodySchema>;

export const connectStartedSchema = z
  .object({
    authorizationUrl: z
      .string()
      .describe(
        'open this in the browser of the user who connects; the provider redirects back to the callback',
      ),
    expiresAt: z
      .string()
      .describe('the authorisation must be finished before this time (10 minutes)'),
  })
  .meta({ id: 'ConnectStarted' });
export type ConnectStartedView = z.infer<typeof connectStartedSchema>;

export const connectionCheckSchema = z
  .object({
    connectionId: z.string(),
    label: z.string(),
    ok: z.boolean(),
    status: z.enum(['active', 'reauth_required', 'error', 'disconnected']),
    calendars: z.number().nullable().describe('calendars the account can read, when ok'),
    error: z.string().nullable(),
  })
  .meta({ id: 'ConnectionCheck' });
export type ConnectionCheckView = z.infer<typeof connectionCheckSchema>;

export const disconnectBodySchema = z
  .object({
    connectionId: z
      .string()
      .optional()
      .describe("one connection; default: every one of the caller's with this provider"),
    keepEvents: z
      .boolean()
      .default(true)
      .describe('keep the synced calendars and events (no longer updated); false deletes them'),
  })
  .meta({ id: 'DisconnectRequest' });
export type DisconnectInput = z.infer<typeof disconnectBodySchema>;

export const disconnectResultSchema = z
  .object({ disconnected: z.array(z.string()), eventsKept: z.boolean() })
  .meta({ id: 'DisconnectResult' });
export type DisconnectResultView = z.infer<typeof disconnectResultSchema>;

export interface OAuthCallbackResult {
  connectionId: string;
  label: string;
  calendars: number;
}

export interface PushOutcome {
  outcome: 'accepted' | 'ignored' | 'rejected';
  reason: string;
}

/** What POST /webhook/outlook/ answers: the handshake's echo, or what became of a batch. */
export type OutlookNotifyAnswer =
  | { outcome: 'handshake'; contentType: string; body: string }
  | { outcome: 'accepted' | 'ignored' | 'rejected' | 'malformed'; reason: string };
