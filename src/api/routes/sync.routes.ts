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
            'Calendars that cannot be synced (imported files, disconnected accounts) are left out; ' +
            'one asked for by `calendarId` is a 409 that says why: `imported_calendar` for a file ' +
            '(import it again to update it), `conflict` for a disconnected account.',
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
