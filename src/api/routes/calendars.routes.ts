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
            '`{ "selected": false }` stops syncing it and removes its events (each removal in the change log); `true` syncs it again from scratch. An imported .ics file has no feed to sync its events back from, so its calendar cannot be turned off: 409 `imported_calendar`, nothing deleted (DELETE the calendar, or import the file again, instead).',
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

    app.delete(
      '/calendars/:id/',
      {
        schema: {
          summary: 'Delete an imported file’s calendar, with its events',
          description:
            'For a calendar imported from an .ics file (`importedFile` true), which cannot be turned off: the calendar, its events and its connection go, each event’s removal in the change log (`/events/changes/`, kind deleted), and meetings, conflicts and relationships are computed again without them. Answers 204. A calendar synced from a provider or a feed is not deleted here: 409 `conflict`; turn it off (`selected: false`) or disconnect its connection instead.',
          tags: ['providers'],
          security: [{ bearer: [] }],
          params: z.object({ id: z.string().min(1).max(100) }),
          response: {
            204: z.null().describe('deleted'),
            401: errorSchema,
            404: errorSchema,
            409: errorSchema,
          },
        },
      },
      async (request, reply) => {
        await deps.calendars.delete(callerOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
