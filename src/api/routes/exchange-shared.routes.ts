/**
 * Other people's Calendars on an Exchange connection: the exec's calendar an assistant keeps, a
 * team's shared mailbox (app/services/exchange-shared-calendars.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../api-deps.js';
import { callerOf } from '../auth.js';
import {
  addSharedCalendarBodySchema,
  sharedCalendarListSchema,
  sharedCalendarParamsSchema,
  sharedCalendarSchema,
} from '../exchange-shared-schemas.js';
import { errorSchema } from '../schemas.js';

const BASE = '/providers/exchange/connections/:connectionId/shared-calendars/';

export function exchangeSharedRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      BASE,
      {
        schema: {
          summary: 'Other people’s Calendars synced through an Exchange connection',
          tags: ['providers'],
          security: [{ bearer: [] }],
          params: sharedCalendarParamsSchema,
          response: { 200: sharedCalendarListSchema, 401: errorSchema, 404: errorSchema },
        },
      },
      async (request) => ({
        items: await deps.exchangeShared.list(callerOf(request), request.params.connectionId),
      }),
    );

    app.post(
      BASE,
      {
        schema: {
          summary: 'Add a Calendar shared with you (delegate or folder permission)',
          description:
            'Opens the Calendar of the mailbox `email` with this connection’s credentials (EWS GetFolder with the owner’s address, then one SyncFolderItems) before anything is stored: an address with no mailbox is a 404 `mailbox_not_found`; a Calendar you may not open, or may see only as free/busy, is a 403 `calendar_access_denied` (its owner must give you delegate access or the Reviewer permission). Then it is stored as a calendar of the connection named with its owner’s address, queued for its first sync, and synced with its own cursor like the mailbox’s folders. If the owner later withdraws the permission, only that calendar stops (its sync status says `gone`, and calendar discovery marks it missing; a day later it is removed with its events). Adding it again is harmless.',
          tags: ['providers'],
          security: [{ bearer: [] }],
          params: sharedCalendarParamsSchema,
          body: addSharedCalendarBodySchema,
          response: {
            201: sharedCalendarSchema,
            400: errorSchema,
            401: errorSchema,
            403: errorSchema,
            404: errorSchema,
            409: errorSchema,
            502: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const added = await deps.exchangeShared.add(
          callerOf(request),
          request.params.connectionId,
          request.body.email,
        );
        return reply.status(201).send(added);
      },
    );

    app.delete(
      `${BASE}:email/`,
      {
        schema: {
          summary: 'Stop syncing a Calendar shared with you',
          description:
            'Its events are removed (each removal in the change log, `/events/changes/`), the calendar goes, and the connection forgets the address. Answers 204; 404 when the connection has no shared Calendar of that address.',
          tags: ['providers'],
          security: [{ bearer: [] }],
          params: sharedCalendarParamsSchema.extend({ email: z.string().min(1).max(254) }),
          response: { 204: z.null().describe('removed'), 401: errorSchema, 404: errorSchema },
        },
      },
      async (request, reply) => {
        await deps.exchangeShared.remove(
          callerOf(request),
          request.params.connectionId,
          request.params.email,
        );
        return reply.status(204).send(null);
      },
    );
  };
}
