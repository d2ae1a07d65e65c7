/**
 * Routes that carry no API token because a browser or a provider calls them: the OAuth callbacks
 * (the single-use state names the user) and push notifications (channel id and token name it;
 * for Graph, subscription id and clientState).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { ProviderError } from '../../providers/provider.js';
import type { ApiDeps, OAuthProviderApi } from '../api-deps.js';
import { sessionToken } from '../auth.js';
import { API_PREFIX } from '../prefix.js';
import { errorSchema } from '../schemas.js';
import { outlookWebhookRoute } from './outlook-webhook.route.js';

export function publicRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    callbackRoute(app, 'google', 'Google Calendar', deps.google, deps.web);
    callbackRoute(app, 'outlook', 'Outlook', deps.outlook, deps.web);

    app.post(
      `${API_PREFIX}/webhook/google/`,
      {
        schema: {
          summary: 'Google push notifications (events.watch channels)',
          description:
            'Google POSTs here with X-Goog-* headers and no body. A known channel with the right token queues an incremental sync of its calendar (bursts coalesce) and gets 200 at once; a forged or unknown notification gets 401 and is counted in `calintel_push_notifications_total`.',
          tags: ['webhooks'],
          response: {
            200: z.object({ outcome: z.enum(['accepted', 'ignored']), reason: z.string() }),
            // A body Google never sends (malformed JSON, say): the API's error body.
            400: errorSchema,
            401: z.union([
              z.object({ outcome: z.literal('rejected'), reason: z.string() }),
              errorSchema,
            ]),
          },
        },
      },
      async (request, reply) => {
        const result = await deps.google.notify(request.headers);
        if (result.outcome === 'rejected') {
          return reply.status(401).send({ outcome: 'rejected', reason: result.reason });
        }
        return reply.status(200).send({ outcome: result.outcome, reason: result.reason });
      },
    );

    outlookWebhookRoute(app, deps);
  };
}

/**
 * Where the provider sends the browser back after consent: the dashboard's connections page
 * when the browser is signed in to it, else a small page that says what happened.
 */
function callbackRoute(
  app: Parameters<FastifyPluginAsyncZod>[0],
  path: string,
  name: string,
  api: Pick<OAuthProviderApi<unknown>, 'callback'>,
  web: Pick<ApiDeps['web'], 'session'>,
): void {
  app.get(
    `/api/calendar/callback/${path}/`,
    {
      schema: {
        summary: `Where ${name} sends the browser back after consent`,
        description:
          'A browser signed in to the dashboard is sent to `/connections?connected=<provider>`, or `/connections?connect_error=<code>` with code `denied` (access not granted), `expired` (the connection was started too long ago, already finished, or in another browser session), `refused` (the provider refused the grant), `unavailable` (the provider could not be reached) or `failed`. Any other caller gets a small page that says what happened.',
        tags: ['providers'],
        querystring: z.object({
          state: z.string().optional(),
          code: z.string().optional(),
          error: z.string().optional(),
          error_description: z.string().optional(),
          scope: z.string().optional(),
        }),
      },
    },
    async (request, reply) => {
      // A browser signed in to the dashboard goes back to it; any other caller gets a page.
      const cookie = sessionToken(request);
      const session = cookie ? await web.session(cookie) : null;
      const toDashboard = cookie !== null;
      try {
        const result = await api.callback({
          ...request.query,
          browserSession: session?.caller.tokenId ?? null,
        });
        if (toDashboard) return reply.redirect(`/connections?connected=${path}`, 303);
        return reply
          .type('text/html; charset=utf-8')
          .send(
            page(
              `${name} connected`,
              `${escapeHtml(result.label)}: ${result.calendars} calendar(s) connected; the first sync has started. You can close this window.`,
            ),
          );
      } catch (error) {
        if (!(error instanceof AppError) || error.code === 'internal') throw error;
        if (toDashboard) {
          // The page says it in fixed words for a code: anything in this address could have
          // been written by whoever sent the link, so no text of it is shown.
          const code = connectErrorCode(error, request.query.error !== undefined);
          request.log.info({ code, reason: error.message }, `${name} connection not completed`);
          return reply.redirect(`/connections?connect_error=${code}`, 303);
        }
        const status = error.code === 'provider_error' ? 502 : 400;
        return reply
          .status(status)
          .type('text/html; charset=utf-8')
          .send(page(`${name} was not connected`, escapeHtml(error.message)));
      }
    },
  );
}

/** Why a dashboard's connection failed, as the connections page names it (see the route). */
export type ConnectErrorCode = 'denied' | 'expired' | 'refused' | 'unavailable' | 'failed';

function connectErrorCode(error: AppError, providerSaidNo: boolean): ConnectErrorCode {
  if (error.code === 'provider_error') return 'unavailable';
  if (error.cause instanceof ProviderError) return 'refused';
  if (error.code !== 'invalid_input') return 'failed';
  // Our own checks: the provider's refusal, else the state (unknown, used, expired, or
  // started in another browser session) or a callback without its code.
  return providerSaidNo ? 'denied' : 'expired';
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p><p><a href="/">Back to calintel</a></p></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
