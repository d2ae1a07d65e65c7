/**
 * The authenticated routes of a provider connected by OAuth (Google, Outlook): start, check and
 * end. The callback and the webhook carry no API token and live in public.routes.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OAuthProviderApi } from '../api-deps.js';
import { callerOf } from '../auth.js';
import {
  connectionCheckSchema,
  connectStartedSchema,
  disconnectBodySchema,
  disconnectResultSchema,
  errorSchema,
} from '../schemas.js';

export interface OAuthProviderDocs<ConnectBody extends z.ZodType> {
  /** The path segment: `/providers/{path}/connect/`. */
  path: string;
  /** As users know it: "Google Calendar", "Outlook". */
  name: string;
  connectBody: ConnectBody;
  connectDescription: string;
  testDescription: string;
  disconnectSummary: string;
}

export function oauthProviderRoutes<ConnectBody extends z.ZodType<Record<string, unknown>>>(
  docs: OAuthProviderDocs<ConnectBody>,
  api: OAuthProviderApi<z.infer<ConnectBody>>,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      `/providers/${docs.path}/connect/`,
      {
        schema: {
          summary: `Start connecting a ${docs.name} account`,
          description: docs.connectDescription,
          tags: ['providers'],
          security: [{ bearer: [] }],
          body: docs.connectBody.optional(),
          response: {
            200: connectStartedSchema,
            400: errorSchema,
            401: errorSchema,
            409: errorSchema,
          },
        },
      },
      async (request) =>
        api.connect(callerOf(request), (request.body ?? {}) as z.infer<ConnectBody>),
    );

    app.get(
      `/providers/${docs.path}/test/`,
      {
        schema: {
          summary: `Check your ${docs.name} connections by listing their calendars`,
          description: docs.testDescription,
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
        connections: await api.test(callerOf(request), request.query.connectionId),
      }),
    );

    app.post(
      `/providers/${docs.path}/disconnect/`,
      {
        schema: {
          summary: docs.disconnectSummary,
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
      async (request) => api.disconnect(callerOf(request), request.body ?? { keepEvents: true }),
    );
  };
}
