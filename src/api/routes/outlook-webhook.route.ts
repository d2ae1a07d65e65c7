/**
 * POST /api/v1/calendar/webhook/outlook/: Graph's change and lifecycle notifications (both
 * subscription URLs point here). Unauthenticated: the subscription id and clientState of each
 * entry say whose it is.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../api-deps.js';
import { API_PREFIX } from '../prefix.js';
import { errorSchema } from '../schemas.js';

const outcomeSchema = z.object({ outcome: z.string(), reason: z.string() });
/**
 * A 400 or 401 is the route's own answer (`outcome`, `reason`) when the batch was read, or the
 * API's error body when the request could not be (malformed or empty JSON, a repeated
 * validationToken, a forbidden `__proto__` key, a NUL character).
 */
const refusalSchema = z.union([outcomeSchema, errorSchema]);

export function outlookWebhookRoute(app: Parameters<FastifyPluginAsyncZod>[0], deps: ApiDeps) {
  app.post(
    `${API_PREFIX}/webhook/outlook/`,
    {
      schema: {
        summary: 'Microsoft Graph change and lifecycle notifications (subscriptions)',
        description:
          'With `?validationToken=` (the handshake when a subscription is made): 200 with the token as text/plain, at once. Otherwise a JSON batch (`value`); a request that cannot be read (malformed JSON, a repeated `validationToken`) is a 400 with the API error body. Each entry must name a subscription we made with its clientState (else 401 for the batch, counted in `calintel_push_notifications_total` as rejected); changes queue a delta sync of their calendar (bursts coalesce), `missed` queues one too, `reauthorizationRequired` renews the subscription and `subscriptionRemoved` recreates it and resyncs, both in a job; the answer is 202.',
        tags: ['webhooks'],
        querystring: z.object({ validationToken: z.string().optional() }),
        response: {
          // Sent as text/plain, which Fastify does not serialise: the token goes out exactly.
          200: z.string().describe('the validationToken, echoed as text/plain'),
          202: outcomeSchema,
          400: refusalSchema,
          401: refusalSchema,
        },
      },
    },
    async (request, reply) => {
      const answer = await deps.outlook.notify({ query: request.query, body: request.body });
      if (answer.outcome === 'handshake')
        return reply.status(200).type(answer.contentType).send(answer.body);
      const status =
        answer.outcome === 'rejected' ? 401 : answer.outcome === 'malformed' ? 400 : 202;
      return reply.status(status).send({ outcome: answer.outcome, reason: answer.reason });
    },
  );
}
