/** Request and response schemas: they validate input and produce the OpenAPI document. */
import { z } from 'zod';
import {
  EVENT_STATUSES,
  PROVIDER_KINDS,
  RESPONSE_STATUSES,
  TRANSPARENCIES,
} from '../domain/event.js';

export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .meta({ id: 'Error' });

const instant = z.iso.datetime({ offset: true });

export const eventListQuerySchema = z.object({
  from: instant.optional().describe('events that end after this instant'),
  to: instant.optional().describe('events that start before this instant'),
  calendarId: z.string().min(1).optional(),
  provider: z.enum(PROVIDER_KINDS).optional(),
  status: z.enum(EVENT_STATUSES).optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('text in title, description or location'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).max(500).optional().describe('nextCursor of the previous page'),
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

export const connectIcsBodySchema = z.object({
  url: z
    .string()
    .trim()
    .regex(/^(https?|webcals?):\/\//i, 'must be an http(s) or webcal URL')
    .describe('the feed to subscribe to'),
  label: z.string().trim().min(1).max(200).optional(),
});

export type ConnectIcsInput =
  | { kind: 'feed'; url: string; label?: string }
  | { kind: 'file'; fileName: string; content: string; label?: string };

export const syncRequestSchema = z.object({
  calendarId: z.string().min(1).optional(),
  provider: z.enum(PROVIDER_KINDS).optional(),
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
    state: z.enum(['idle', 'syncing', 'ok', 'error']),
    lastSyncAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    nextRunAt: z.string().nullable(),
    eventsCount: z.number(),
    lastCounts: z.object({ added: z.number(), updated: z.number(), deleted: z.number() }),
    issues: z.array(
      z.object({
        message: z.string(),
        line: z.number().nullable(),
        providerEventId: z.string().nullable(),
      }),
    ),
    lastError: z
      .object({ kind: z.string(), message: z.string(), at: z.string().nullable() })
      .nullable(),
    consecutiveFailures: z.number(),
  })
  .meta({ id: 'CalendarSyncStatus' });
export type SyncStatusView = z.infer<typeof syncStatusSchema>;
