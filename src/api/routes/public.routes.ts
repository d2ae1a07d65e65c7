/**
 * Routes that carry no API token because a browser or a provider calls them: the OAuth callbacks
 * (the single-use state names the user) and push notifications (channel id and token name it;
 * for Graph, subscription id and clientState).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../api-deps.js';
import { API_PREFIX } from '../prefix.js';
import { errorBody } from '../errors.js';
import { errorSchema } from '../schemas.js';
import { callbackRoute } from './oauth-callback.route.js';
import { outlookWebhookRoute } from './outlook-webhook.route.js';

export function publicRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    callbackRoute(app, { path: 'google', name: 'Google Calendar', api: deps.google }, deps.web);
    callbackRoute(app, { path: 'outlook', name: 'Outlook', api: deps.outlook }, deps.web);

    app.post(
      `${API_PREFIX}/webhook/google/`,
      {
        schema: {
          summary: 'Google push notifications (events.watch channels)',
          description:
            'Google POSTs here with X-Goog-* headers and no body. A known channel with the right token queues an incremental sync of its calendar (bursts coalesce) and gets 200 at once; a forged or unknown notification gets 401 (`unauthorized`, in the API error body) and is counted in `calintel_push_notifications_total`.',
          tags: ['webhooks'],
          response: {
            200: z.object({ outcome: z.enum(['accepted', 'ignored']), reason: z.string() }),
            // A body Google never sends (malformed JSON, say): the API's error body.
            400: errorSchema,
            // Google reads only the status; the reason is said in the API's error body.
            401: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const result = await deps.google.notify(request.headers);
        if (result.outcome === 'rejected') {
          return reply.status(401).send(errorBody('unauthorized', result.reason));
        }
        return reply.status(200).send({ outcome: result.outcome, reason: result.reason });
      },
    );

    outlookWebhookRoute(app, deps);
  };
}
