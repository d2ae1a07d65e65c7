import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiDeps } from '../api-deps.js';
import { invalidInput } from '../../domain/errors.js';
import type { ProviderKind } from '../../domain/event.js';
import { callerOf } from '../auth.js';
import { documentBodies } from '../openapi-body.js';
import {
  caldavConnectionSchema,
  connectCaldavBodySchema,
  connectExchangeBodySchema,
  connectionSchema,
  disconnectResultSchema,
  errorSchema,
  providerNameSchema,
  providerSchema,
} from '../schemas.js';
import {
  connectIcsBodySchema,
  connectIcsCalendarBodySchema,
  connectIcsQuerySchema,
  connectIcsUploadPartsSchema,
  icsConnectionSchema,
} from '../ics-connect-schemas.js';
import { readConnectInput } from './ics-connect-input.js';

export function providersRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/providers/',
      {
        schema: {
          summary: 'Calendar providers, whether each is configured, and your connections to it',
          tags: ['providers'],
          security: [{ bearer: [] }],
          response: { 200: z.object({ providers: z.array(providerSchema) }), 401: errorSchema },
        },
      },
      async (request) => ({ providers: await deps.providers.list(callerOf(request)) }),
    );

    app.post(
      '/providers/:connectionId/disconnect/',
      {
        schema: {
          summary: 'Disconnect one connection, whatever its provider',
          description:
            "Google and Outlook connections also stop their push channels and revoke the grant. With `keepEvents` (the default) the calendars and events stay, no longer synced; with `keepEvents: false` they are deleted. `microsoft`, the name `provider` says, in place of the id does what `/providers/outlook/disconnect/` does (every Microsoft connection, or the body's `connectionId`); another provider's name is a 400: disconnect its connections by id (`GET /providers/` lists them).",
          tags: ['providers'],
          security: [{ bearer: [] }],
          params: z.object({ connectionId: z.string() }),
          body: z
            .object({
              keepEvents: z.boolean().default(true),
              connectionId: z
                .string()
                .min(1)
                .optional()
                .describe('with `microsoft` in the path: only this connection'),
            })
            .nullish(),
          response: {
            200: disconnectResultSchema,
            400: errorSchema,
            401: errorSchema,
            404: errorSchema,
          },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const { connectionId } = request.params;
        const keepEvents = request.body?.keepEvents ?? true;
        const provider = providerNamed(connectionId);
        if (provider === null) return deps.providers.disconnect(caller, connectionId, keepEvents);
        // The paths say outlook and google; `provider` says microsoft: the same disconnection.
        if (provider === 'microsoft' || provider === 'google') {
          const one = request.body?.connectionId;
          const input = { keepEvents, ...(one === undefined ? {} : { connectionId: one }) };
          return (provider === 'google' ? deps.google : deps.outlook).disconnect(caller, input);
        }
        throw invalidInput(
          `params.connectionId: "${connectionId}" is a provider, not a connection: disconnect each of its connections by id (GET /providers/ lists them)`,
        );
      },
    );

    app.post(
      '/providers/caldav/connect/',
      {
        schema: {
          summary: 'Connect a CalDAV account (iCloud, Fastmail, Nextcloud, ...)',
          description:
            'Discovers the account (the well-known CalDAV address, the principal, its calendar home) with the username and app password before anything is stored: a wrong password is a 400 and nothing is kept. The password is stored encrypted; every calendar found is selected and queued for its first sync, then kept in step by polling (sync-collection where the server offers it, ctag and etags where not). Connecting the same account again renews its password. A calendar the server lists under an href that cannot be used (empty, not a URL, or on another server, where the password is not sent) is left out and named in `skippedCalendars` with the reason; the others connect.',
          tags: ['providers'],
          security: [{ bearer: [] }],
          body: connectCaldavBodySchema,
          response: {
            201: caldavConnectionSchema,
            400: errorSchema,
            401: errorSchema,
            502: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const connection = await deps.providers.connectCaldav(callerOf(request), request.body);
        return reply.status(201).send(connection);
      },
    );

    app.post(
      '/providers/exchange/connect/',
      {
        schema: {
          summary: 'Connect an Exchange (on-premise) mailbox through EWS',
          description:
            'Uses the server the organisation configured (EXCHANGE_SERVER_URL, EXCHANGE_VERSION) with your credentials: `basic` or `ntlm` with a username and password, or `oauth` with a bearer token. They are checked against the server first (a wrong password is a 400 and nothing is stored), then stored encrypted; the calendar is synced (SyncFolderItems) and a pull subscription tells calintel of changes within about a minute. TLS certificates are verified; a private CA is trusted through NODE_EXTRA_CA_CERTS.',
          tags: ['providers'],
          security: [{ bearer: [] }],
          body: connectExchangeBodySchema,
          response: {
            201: connectionSchema,
            400: errorSchema,
            401: errorSchema,
            409: errorSchema,
            502: errorSchema,
            503: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const connection = await deps.providers.connectExchange(callerOf(request), request.body);
        return reply.status(201).send(connection);
      },
    );

    await app.register(icsConnectRoute(deps));
  };
}

/**
 * The ICS connect route, in a plugin scope of its own: only here is a body read as a calendar
 * file (raw text/calendar bytes, or a multipart upload), besides JSON; every other route refuses
 * those with a 415 (body-parsers.ts).
 */
function icsConnectRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (ics) => {
    // Kept as bytes: the route decodes them in the charset the Content-Type declares, after
    // mending folds (ics-bytes.ts).
    ics.addContentTypeParser('text/calendar', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    await ics.register(fastifyMultipart, {
      limits: { fileSize: deps.limits.bodyBytes, files: 1 },
    });
    ics.post(
      '/providers/ics/connect/',
      {
        schema: {
          summary: 'Subscribe to an ICS feed, or import an .ics file',
          description:
            'Send JSON `{ "url": "https://... or webcal://...", "label"? }` to subscribe to a feed (polled with ETag/Last-Modified), or a multipart upload with a `file` field and an optional `label` field (or a raw `text/calendar` body, with `?label=` in the address) to import a file. A raw body is read in the charset its Content-Type names (UTF-8 without one; an unknown charset is a 400), an uploaded file as UTF-8; a feed in the charset it is served with (an unknown one is read as UTF-8 and reported as a sync issue). An import with the label of an earlier import updates that calendar: changed events are rewritten and the ones the new file no longer has are removed. Without a label, every import is a calendar of its own, named after the file (`calendar.ics`, then `calendar.ics (2)`...). The calendar is synced before the answer.',
          tags: ['providers'],
          security: [{ bearer: [] }],
          querystring: connectIcsQuerySchema,
          response: {
            201: icsConnectionSchema,
            400: errorSchema,
            401: errorSchema,
            413: errorSchema,
            415: errorSchema,
            502: errorSchema,
          },
        },
        // Documented, not validated by Fastify: the route reads each form itself.
        config: {
          acceptedMediaTypes: ['application/json', 'multipart/form-data', 'text/calendar'],
          swaggerTransform: documentBodies({
            'application/json': connectIcsBodySchema,
            'multipart/form-data': connectIcsUploadPartsSchema,
            'text/calendar': connectIcsCalendarBodySchema,
          }),
        },
      },
      async (request, reply) => {
        const input = await readConnectInput(request);
        const connection = await deps.providers.connectIcs(callerOf(request), input);
        return reply.status(201).send(connection);
      },
    );
  };
}

/** The provider a path's connection id names instead (`microsoft`, `outlook`...), or null. */
function providerNamed(connectionId: string): ProviderKind | null {
  const parsed = providerNameSchema.safeParse(connectionId.toLowerCase());
  return parsed.success ? parsed.data : null;
}
