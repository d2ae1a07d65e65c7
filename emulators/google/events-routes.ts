/** events.list and events.get (contract §1.1, §1.2). */
import type { FastifyInstance } from 'fastify';
import { requireUser } from './api-auth.js';
import type { CalendarStore } from './calendar-store.js';
import type { EmulatorContext } from './context.js';
import { etagOf } from './event-fields.js';
import { badRequest, fullSyncRequired, invalidParameter, notFound } from './errors.js';
import { parseListQuery, type ListQuery } from './list-query.js';
import { changesSince, fullListing } from './listing.js';
import type { Page, Snapshot } from './paging.js';
import { rfc3339 } from './times.js';
import type { GoogleEvent } from './types.js';

interface CalendarParams {
  calendarId: string;
}

export function registerEventsRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get<{ Params: CalendarParams }>(
    '/calendar/v3/calendars/:calendarId/events',
    async (request) => {
      const user = requireUser(request, ctx.oauth);
      const cal = ctx.state.calendarFor(user, request.params.calendarId);
      const query = parseListQuery(new URL(request.url, 'http://emulator').searchParams);
      return listEvents(ctx, cal, user, query);
    },
  );

  app.get<{ Params: CalendarParams & { eventId: string } }>(
    '/calendar/v3/calendars/:calendarId/events/:eventId',
    async (request) => {
      const user = requireUser(request, ctx.oauth);
      const cal = ctx.state.calendarFor(user, request.params.calendarId);
      ctx.state.ensureHorizon(cal);
      return getEvent(cal, request.params.eventId);
    },
  );
}

/** A stored event (cancelled ones too, as Google's events.get), or an expanded instance. */
function getEvent(cal: CalendarStore, eventId: string): GoogleEvent {
  const record = cal.records.get(eventId);
  if (record) return record.event;
  const instance = cal.instances.get(eventId);
  if (instance) return instance.item;
  throw notFound();
}

function listEvents(ctx: EmulatorContext, cal: CalendarStore, user: string, query: ListQuery) {
  ctx.state.ensureHorizon(cal);
  const served = query.pageToken
    ? resumeListing(ctx, cal, user, query)
    : ctx.pager.start(
        {
          items: query.syncToken
            ? changesSince(cal, syncStart(ctx, cal, user, query), query)
            : fullListing(cal, query),
          seq: ctx.state.currentSeq,
          calendarId: cal.info.id,
          user,
          paramsKey: query.paramsKey,
          filterKey: query.filterKey,
          singleEvents: query.singleEvents,
          syncToken: query.syncToken,
        },
        query.maxResults,
      );
  return eventsResponse(ctx, cal, query, served);
}

/** The sequence number a sync token continues from; 410 for a token the emulator cannot serve. */
function syncStart(
  ctx: EmulatorContext,
  cal: CalendarStore,
  user: string,
  query: ListQuery,
): number {
  const info = ctx.state.syncTokens.lookup(query.syncToken ?? '');
  if (!info || info.calendarId !== cal.info.id || info.user !== user) throw fullSyncRequired();
  if (info.filterKey !== query.filterKey)
    throw invalidParameter(
      'The sync token was issued for a request with different parameters (singleEvents, eventTypes, ...).',
      'syncToken',
    );
  return info.seq;
}

function resumeListing(ctx: EmulatorContext, cal: CalendarStore, user: string, query: ListQuery) {
  const token = query.pageToken ?? '';
  const snapshot = ctx.pager.peek(token);
  if (!snapshot || snapshot.user !== user || snapshot.calendarId !== cal.info.id)
    throw invalidParameter('Invalid page token value.', 'pageToken');
  const sameSyncToken = !query.syncToken || query.syncToken === snapshot.syncToken;
  if (snapshot.paramsKey !== query.paramsKey || !sameSyncToken)
    throw badRequest(
      'The other parameters must stay the same when a page token is sent.',
      'pageToken',
    );
  const served = ctx.pager.resume(token);
  if (!served) throw invalidParameter('Invalid page token value.', 'pageToken');
  return served;
}

function eventsResponse(
  ctx: EmulatorContext,
  cal: CalendarStore,
  query: ListQuery,
  served: { page: Page; snapshot: Snapshot; last: boolean },
) {
  const { page, snapshot, last } = served;
  const info = cal.info;
  return {
    kind: 'calendar#events',
    etag: etagOf([info.id, snapshot.seq]),
    summary: info.summary,
    ...(info.description ? { description: info.description } : {}),
    updated: rfc3339(cal.updatedMs || ctx.nowMs()),
    timeZone: query.timeZone ?? info.timeZone,
    accessRole: info.accessRole,
    defaultReminders: [],
    // Exactly one of the two: more pages, or the token for the next incremental call.
    ...(last
      ? { nextSyncToken: mintSyncToken(ctx, snapshot) }
      : { nextPageToken: page.nextPageToken }),
    items: page.items,
  };
}

function mintSyncToken(ctx: EmulatorContext, snapshot: Snapshot): string {
  return ctx.state.syncTokens.mint({
    calendarId: snapshot.calendarId,
    user: snapshot.user,
    seq: snapshot.seq,
    singleEvents: snapshot.singleEvents,
    filterKey: snapshot.filterKey,
  });
}
