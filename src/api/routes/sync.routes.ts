import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../api-deps.js';
import { callerOf } from '../auth.js';
import {
  errorSchema,
  syncRequestSchema,
  syncStatusSchema,
  syncTriggeredSchema,
} from '../schemas.js';

export function syncRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/sync/',
      {
        schema: {
          summary: 'Queue a sync of your calendars (all, one calendar, or one provider)',
          description:
            'Calendars that cannot be synced (imported files, disconnected accounts, calendars ' +
            'their provider no longer lists) are left out; one asked for by `calendarId` is a 409 ' +
            'that says why: `imported_calendar` for a file (import it again to update it), ' +
            '`conflict` for a disconnected account (connect it again), and `conflict` for a ' +
            'calendar its provider no longer lists, deleted or unshared there (it syncs again ' +
            'once listed again, and is removed with its events if still missing a day later).\n\n' +
            'Without `calendarId` (everything, or one connection or provider), the calendar lists ' +
            'of your Google, Outlook, Exchange and CalDAV accounts the request names (all of ' +
            'them, that provider’s, or that connection) are also read again, in a ' +
            'job of its own that the answer does not wait for: calendars created or shared since ' +
            'are stored, synced and watched (they are not in `queued`, which lists the calendars ' +
            'already known), and calendars no longer listed are marked and not synced ' +
            '(`missingSince` in `GET /calendars/`, a `gone` error in `GET /sync/status/`). ' +
            '`calintel sync` lists them again too, before it syncs.',
          tags: ['sync'],
          security: [{ bearer: [] }],
          // Fastify gives null for a POST without a body, as `curl -X POST` sends it.
          body: syncRequestSchema.nullish(),
          response: {
            202: syncTriggeredSchema,
            400: errorSchema,
            401: errorSchema,
            404: errorSchema,
            409: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const queued = await deps.sync.trigger(callerOf(request), request.body ?? {});
        return reply.status(202).send(queued);
      },
    );

    app.get(
      '/sync/status/',
      {
        schema: {
          summary: 'Per calendar: last sync, counts, issues, last error and next run',
          tags: ['sync'],
          security: [{ bearer: [] }],
          response: { 200: z.object({ calendars: z.array(syncStatusSchema) }), 401: errorSchema },
        },
      },
      async (request) => ({ calendars: await deps.sync.status(callerOf(request)) }),
    );
  };
}
