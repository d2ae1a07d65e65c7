/** Connecting a Google account: start, check and end; the callback and push live in public.routes. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../api-deps.js';
import { callerOf } from '../auth.js';
import {
  connectionCheckSchema,
  connectStartedSchema,
  disconnectBodySchema,
  disconnectResultSchema,
  errorSchema,
  googleConnectBodySchema,
} from '../schemas.js';

export function googleRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/providers/google/connect/',
      {
        schema: {
          summary: 'Start connecting a Google Calendar account',
          description:
            'Returns the Google authorisation URL (offline access, read-only calendar scope unless `writeAccess` asks to change events too, PKCE, a single-use `state` bound to you that expires in 10 minutes). Open it in a browser; Google redirects to `/api/calendar/callback/google/`, which stores the tokens encrypted, lists the calendars, opens push channels and queues the first sync.',
          tags: ['providers'],
          security: [{ bearer: [] }],
          body: googleConnectBodySchema.optional(),
          response: {
            200: connectStartedSchema,
            400: errorSchema,
            401: errorSchema,
            409: errorSchema,
          },
        },
      },
      async (request) => deps.google.connect(callerOf(request), request.body ?? {}),
    );

    app.get(
      '/providers/google/test/',
      {
        schema: {
          summary: 'Check your Google connections by listing their calendars',
          description:
            'A connection whose grant Google refuses (`invalid_grant`) is marked `reauth_required` and is no longer synced until it is connected again.',
          tags: ['providers'],
          security: [{ bearer: [] }],
          querystring: z.object({ connectionId: z.string().optional() }),
          response: {
            200: z.object({ connections: z.array(connectionCheckSchema) }),
            401: errorSchema,
            404: errorSchema,
            409: errorSchema,
          },
        },
      },
      async (request) => ({
        connections: await deps.google.test(callerOf(request), request.query.connectionId),
      }),
    );

    app.post(
      '/providers/google/disconnect/',
      {
        schema: {
          summary: 'Disconnect Google: stop push channels, revoke the grant, delete the tokens',
          description:
            'With `keepEvents` (the default) the calendars and events stay, no longer synced; with `keepEvents: false` they are deleted.',
          tags: ['providers'],
          security: [{ bearer: [] }],
          body: disconnectBodySchema.optional(),
          response: {
            200: disconnectResultSchema,
            400: errorSchema,
            401: errorSchema,
            404: errorSchema,
          },
        },
      },
      async (request) =>
        deps.google.disconnect(callerOf(request), request.body ?? { keepEvents: true }),
    );
  };
}
