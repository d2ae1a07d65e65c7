import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../api-deps.js';
import { callerOf } from '../auth.js';
import {
  calendarItemSchema,
  calendarListSchema,
  calendarPatchSchema,
} from '../calendars-schemas.js';
import { errorSchema } from '../schemas.js';

export function calendarsRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/calendars/',
      {
        schema: {
          summary: 'Your calendars, every provider, and whether each is synced',
          tags: ['providers'],
          security: [{ bearer: [] }],
          response: { 200: calendarListSchema, 401: errorSchema },
        },
      },
      async (request) => ({ items: await deps.calendars.list(callerOf(request)) }),
    );

    app.patch(
      '/calendars/:id/',
      {
        schema: {
          summary: 'Choose whether a calendar is synced',
          description:
            '`{ "selected": false }` stops syncing it and removes its events (each removal in the change log); `true` syncs it again from scratch. An imported .ics file has no feed to sync its events back from, so its calendar cannot be turned off: 409 `imported_calendar`, nothing deleted (delete the calendar, or import the file again, instead).',
          tags: ['providers'],
          security: [{ bearer: [] }],
          params: z.object({ id: z.string().min(1).max(100) }),
          body: calendarPatchSchema,
          response: {
            200: calendarItemSchema,
            400: errorSchema,
            401: errorSchema,
            404: errorSchema,
            409: errorSchema,
          },
        },
      },
      async (request) =>
        deps.calendars.select(callerOf(request), request.params.id, request.body.selected),
    );
  };
}
