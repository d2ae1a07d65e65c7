import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../api-deps.js';
import { callerOf } from '../auth.js';
import { errorSchema } from '../schemas.js';
import { tokenListSchema } from '../tokens-schemas.js';

/** The caller's API tokens: listed without their secrets, and revoked. */
export function tokensRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/tokens/',
      {
        schema: {
          summary: 'Your API tokens',
          description:
            'Every token of the caller, oldest first, revoked and expired ones included (`status` says which). Never the token itself nor its hash: only its first characters (`prefix`).',
          tags: ['tokens'],
          security: [{ bearer: [] }],
          response: { 200: tokenListSchema, 401: errorSchema },
        },
      },
      async (request) => ({ items: await deps.tokens.list(callerOf(request)) }),
    );

    app.delete(
      '/tokens/:id/',
      {
        schema: {
          summary: 'Revoke an API token',
          description:
            'Your own token, or, for an admin of the organisation, a member’s. It is refused from the next request on (401 `unauthorized`, "invalid, expired or revoked API token"), and the revocation is recorded in the audit log. Revoking a revoked token changes nothing. Answers 204. Another user’s token, for a member: 403 `forbidden`; an id of no token of your organisation: 404 `not_found`.',
          tags: ['tokens'],
          security: [{ bearer: [] }],
          params: z.object({ id: z.string().min(1).max(100) }),
          response: {
            204: z.null().describe('revoked'),
            401: errorSchema,
            403: errorSchema,
            404: errorSchema,
          },
        },
      },
      async (request, reply) => {
        await deps.tokens.revoke(callerOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
