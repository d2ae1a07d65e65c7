import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../api-deps.js';
import { callerOf } from '../auth.js';
import {
  relationshipDetailSchema,
  relationshipListQuerySchema,
  relationshipListSchema,
  STAGE_DOCS,
} from '../relationships-schemas.js';
import { cursorOwner, requestCursors } from '../page-cursor.js';
import { errorSchema } from '../schemas.js';

export function relationshipsRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/relationships/',
      {
        schema: {
          summary: "Your organisation's customer relationships, most recently met first",
          description: `One entry per account (or external domain, or free-mail person) your team has sales meetings with: stage, cadence and duration trends, stakeholders, and why: each reason in words (as of the analysis, \`computedAt\`, in UTC) and in parts (\`stageReasonParts\`, \`reasonParts\`), whose dates a client writes in the reader's time zone and whose day counts it counts to the reader's now, in calendar days where a count sits beside a date. Pages with an opaque cursor (\`limit\`, default 100): pass \`nextCursor\` back as \`cursor\`, with the same filters. Stages: ${STAGE_DOCS}`,
          tags: ['relationships'],
          security: [{ bearer: [] }],
          querystring: relationshipListQuerySchema,
          response: { 200: relationshipListSchema, 400: errorSchema, 401: errorSchema },
        },
      },
      async (request) => {
        const cursors = requestCursors('relationships', request.query, cursorOwner(deps, request));
        const page = await deps.relationships.list(callerOf(request), {
          ...request.query,
          cursor: cursors.position,
        });
        return { ...page, nextCursor: cursors.next(page.nextCursor) };
      },
    );

    app.get(
      '/relationships/:accountKey/',
      {
        schema: {
          summary: 'One relationship: timeline, series, stakeholders, stage history and reasons',
          description:
            "`accountKey` is the relationship's key as the list gives it (calintel's account id, `domain:acme.com`, or a free-mail person's address). When no relationship has that key, an account of your organisation whose CRM id (`externalId`, as imported) is that value is looked up instead, so `/relationships/acc-initech/` reads the account imported as `acc-initech`; a key that matches wins over an externalId. 404 when neither names a relationship of your organisation.",
          tags: ['relationships'],
          security: [{ bearer: [] }],
          params: z.object({ accountKey: z.string().min(1).max(400) }),
          response: { 200: relationshipDetailSchema, 401: errorSchema, 404: errorSchema },
        },
      },
      // Fastify has decoded the parameter already (`domain%3Aacme.com` arrives as `domain:acme.com`).
      async (request) => deps.relationships.get(callerOf(request), request.params.accountKey),
    );
  };
}
