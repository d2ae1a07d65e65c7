import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import type { ApiDeps } from '../api-deps.js';
import { callerOf } from '../auth.js';
import { cursorOwner, DIFFERENT_QUERY, isPageCursor, requestCursors } from '../page-cursor.js';
import {
  changeListQuerySchema,
  changePageSchema,
  errorSchema,
  eventListQuerySchema,
  eventPageSchema,
  eventDetailSchema,
} from '../schemas.js';

export function eventsRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/events/',
      {
        schema: {
          summary: 'List calendar events, sorted by start',
          description:
            'Events of the caller, filtered by time range (overlapping [from, to); an all-day event by its dates in `timeZone`), calendar, provider, status and text. Pages with an opaque cursor: pass `nextCursor` back as `cursor`, with the same filters (a cursor of another list or other filters is a 400 `invalid_cursor`; `limit` may change).',
          tags: ['events'],
          security: [{ bearer: [] }],
          querystring: eventListQuerySchema,
          response: { 200: eventPageSchema, 400: errorSchema, 401: errorSchema },
        },
      },
      async (request) => {
        const cursors = requestCursors('events', request.query, cursorOwner(deps, request));
        const page = await deps.events.list(callerOf(request), {
          ...request.query,
          cursor: cursors.position,
        });
        return { ...page, nextCursor: cursors.next(page.nextCursor) };
      },
    );

    // Before /events/:id/, so that "changes" is never taken for an event id.
    app.get(
      '/events/changes/',
      {
        schema: {
          summary: 'Changes to calendar events, since a cursor',
          description:
            "What each sync found changed in the caller's events, oldest first: created, updated (with the fields), rescheduled, cancelled, deleted, attendees added or removed, responses changed. Poll with `since` = the `nextCursor` of the previous answer; it is never null, so an empty page hands back the same cursor. The log is read with `since`, not `cursor` (which the lists page with): a `cursor` here is a 400 `invalid_input` that says so.",
          tags: ['events'],
          security: [{ bearer: [] }],
          querystring: changeListQuerySchema,
          response: { 200: changePageSchema, 400: errorSchema, 401: errorSchema },
        },
      },
      async (request) => {
        // A list's page cursor is a position in that list, not in the change log.
        if (
          request.query.since !== undefined &&
          isPageCursor(request.query.since, cursorOwner(deps, request))
        )
          throw new AppError('invalid_cursor', `querystring.since: ${DIFFERENT_QUERY}`);
        return deps.events.changes(callerOf(request), request.query);
      },
    );

    app.get(
      '/events/:id/',
      {
        schema: {
          summary: 'One calendar event',
          tags: ['events'],
          security: [{ bearer: [] }],
          params: z.object({ id: z.string().min(1).max(100) }),
          response: { 200: eventDetailSchema, 401: errorSchema, 404: errorSchema },
        },
      },
      async (request) => deps.events.get(callerOf(request), request.params.id),
    );
  };
}
