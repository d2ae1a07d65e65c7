/**
 * POST /api/v1/calendar/webhook/outlook/: Graph's change and lifecycle notifications (both
 * subscription URLs point here). Unauthenticated: the subscription id and clientState of each
 * entry say whose it is; entries that do not verify are dropped and the rest acted on (401 only
 * when no entry verifies).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../api-deps.js';
import { errorBody } from '../errors.js';
import { API_PREFIX } from '../prefix.js';
import { errorSchema } from '../schemas.js';

/**
 * The webhook's own body limit, far below the API's (API_BODY_LIMIT_BYTES, 20 MB by default): a
 * Graph notification entry is about a kilobyte, so a batch of MAX_NOTIFICATIONS_PER_BATCH (1,000,
 * src/app/services/microsoft-notifications.ts) fits, and an anonymous caller cannot make the
 * service parse megabytes of JSON.
 */
export const OUTLOOK_WEBHOOK_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

const outcomeSchema = z.object({ outcome: z.string(), reason: z.string() });

export function outlookWebhookRoute(app: Parameters<FastifyPluginAsyncZod>[0], deps: ApiDeps) {
  app.post(
    `${API_PREFIX}/webhook/outlook/`,
    {
      bodyLimit: Math.min(OUTLOOK_WEBHOOK_BODY_LIMIT_BYTES, deps.limits.bodyBytes),
      schema: {
        summary: 'Microsoft Graph change and lifecycle notifications (subscriptions)',
        description:
          'With `?validationToken=` (the handshake when a subscription is made): 200 with the token as text/plain, at once. Otherwise a JSON batch (`value`); a request that cannot be read (malformed JSON, a repeated `validationToken`) is a 400 with the API error body, and a body over 2 MiB or a batch of more than 1,000 entries a 413 with it (nothing looked up). Each entry is judged alone (Graph batches several subscriptions together): one that names a subscription we made with its clientState is acted on, one that does not is dropped and counted in `calintel_push_notifications_total` as rejected; the batch is 202 when at least one entry was genuine, 401 (`unauthorized`, in the API error body) when none was; a batch without entries is a 400 `invalid_input`. Changes queue a delta sync of their calendar (bursts coalesce), `missed` queues one too, `reauthorizationRequired` renews the subscription and `subscriptionRemoved` recreates it and resyncs, both in a job.',
        tags: ['webhooks'],
        querystring: z.object({ validationToken: z.string().optional() }),
        response: {
          // Sent as text/plain, which Fastify does not serialise: the token goes out exactly.
          200: z.string().describe('the validationToken, echoed as text/plain'),
          202: outcomeSchema,
          // Graph reads only the status (providers.md): refusals are in the API's error body.
          400: errorSchema,
          401: errorSchema,
          413: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const answer = await deps.outlook.notify({ query: request.query, body: request.body });
      if (answer.outcome === 'handshake')
        return reply.status(200).type(answer.contentType).send(answer.body);
      if (answer.outcome === 'rejected')
        return reply.status(401).send(errorBody('unauthorized', answer.reason));
      if (answer.outcome === 'malformed')
        return reply.status(400).send(errorBody('invalid_input', answer.reason));
      return reply.status(202).send({ outcome: answer.outcome, reason: answer.reason });
    },
  );
}
