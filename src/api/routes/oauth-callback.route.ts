/**
 * Where Google or Microsoft sends the browser back after consent.
 *
 * A connection started in a dashboard session is finished at once, by that browser only. One
 * started with an API token is bound to no browser, so whoever holds its consent link could be
 * someone else than the user it connects to (a link sent to a colleague or a customer would put
 * their calendar in the sender's account). Its callback therefore only asks, naming the calintel
 * user and organisation the calendar would go to; the page's button POSTs the same state and
 * code back, and that request finishes it. Nothing is stored before the button is pressed.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { ProviderError } from '../../providers/provider.js';
import type { ApiDeps, OAuthProviderApi, PendingConnectView } from '../api-deps.js';
import { sessionToken } from '../auth.js';
import { sameOrigin } from '../same-origin.js';
import { escapeHtml, standalonePage } from '../standalone-page.js';

type App = Parameters<FastifyPluginAsyncZod>[0];
type CallbackApi = Pick<OAuthProviderApi<unknown>, 'callback' | 'pending'>;

interface Provider {
  path: string;
  name: string;
  api: CallbackApi;
}

const callbackQuery = z.object({
  state: z.string().optional(),
  code: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
  scope: z.string().optional(),
});

const confirmBody = z.object({ state: z.string().min(1), code: z.string().min(1) });

/** The callback (GET) and its confirmation (POST) for one provider. */
export function callbackRoute(
  app: App,
  provider: Provider,
  web: Pick<ApiDeps['web'], 'session' | 'publicOrigin'>,
) {
  const url = `/api/calendar/callback/${provider.path}/`;
  app.get(
    url,
    {
      schema: {
        summary: `Where ${provider.name} sends the browser back after consent`,
        description:
          'A connection started with an API token is not finished here: the page names the calintel user and organisation the calendar would be connected to and asks; its button POSTs the state and code to this address, which finishes it. One started in the dashboard finishes at once in that browser. A browser signed in to the dashboard is then sent to `/connections?connected=<provider>`, or `/connections?connect_error=<code>` with code `denied` (access not granted), `expired` (the connection was started too long ago, already finished, or in another browser session), `refused` (the provider refused the grant), `colleague` (the account is the own mailbox of another calintel user of the organisation, theirs to connect: nothing is stored; any other caller gets 409 `account_belongs_to_colleague`), `unavailable` (the provider could not be reached) or `failed`. Any other caller gets a small page that says what happened.',
        tags: ['providers'],
        querystring: callbackQuery,
      },
    },
    async (request, reply) => {
      const { state, code, error } = request.query;
      if (state && code && error === undefined) {
        const pending = await provider.api.pending(state);
        if (pending && !pending.startedInBrowser)
          return confirmationPage(reply, provider, pending, { state, code });
      }
      return finish(request, reply, provider, web, request.query);
    },
  );

  // The confirmation page's form (one parser for the providers' routes); its fields are read by
  // the schema below.
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded'))
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16_384 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

  app.post(
    url,
    {
      schema: {
        summary: `Finish connecting ${provider.name} after the confirmation page`,
        description:
          'The button of the callback page of a connection started with an API token. Only from this site (Origin checked).',
        tags: ['providers'],
        body: confirmBody,
      },
    },
    async (request, reply) => {
      // Another site's form must not finish a connection in a visitor's browser.
      if (!sameOrigin(request, web.publicOrigin))
        throw new AppError('forbidden', 'a connection can only be confirmed from this site');
      return finish(request, reply, provider, web, request.body);
    },
  );
}

async function finish(
  request: FastifyRequest,
  reply: FastifyReply,
  provider: Provider,
  web: Pick<ApiDeps['web'], 'session'>,
  query: z.infer<typeof callbackQuery>,
) {
  // A browser signed in to the dashboard goes back to it; any other caller gets a page.
  const cookie = sessionToken(request);
  const session = cookie ? await web.session(cookie) : null;
  const toDashboard = cookie !== null;
  try {
    const result = await provider.api.callback({
      ...query,
      browserSession: session?.caller.tokenId ?? null,
    });
    if (toDashboard) return reply.redirect(`/connections?connected=${provider.path}`, 303);
    return htmlPage(
      reply,
      `${provider.name} connected`,
      `<p>${escapeHtml(result.label)}: ${result.calendars} calendar(s) connected; the first sync has started. You can close this window.</p>${BACK}`,
    );
  } catch (error) {
    if (!(error instanceof AppError) || error.code === 'internal') throw error;
    if (toDashboard) {
      // The page says it in fixed words for a code: anything in this address could have been
      // written by whoever sent the link, so no text of it is shown.
      const code = connectErrorCode(error, query.error !== undefined);
      request.log.info(
        { code, reason: error.message },
        `${provider.name} connection not completed`,
      );
      return reply.redirect(`/connections?connect_error=${code}`, 303);
    }
    return htmlPage(
      reply.status(pageStatus(error)),
      `${provider.name} was not connected`,
      `<p>${escapeHtml(error.message)}</p>${BACK}`,
    );
  }
}

function confirmationPage(
  reply: FastifyReply,
  provider: Provider,
  pending: PendingConnectView,
  fields: { state: string; code: string },
) {
  const hidden = (name: string, value: string) =>
    `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  return htmlPage(
    reply,
    `Connect ${provider.name} to calintel?`,
    `<p>The calendar you just allowed will be read by calintel for <strong>${escapeHtml(pending.userEmail)}</strong> in <strong>${escapeHtml(pending.organisationName)}</strong>. Continue only if you started this connection yourself, for your own calintel account; if someone sent you this link, close this window: nothing has been connected.</p><form method="post">${hidden('state', fields.state)}${hidden('code', fields.code)}<button type="submit">Connect</button></form>`,
  );
}

/** Why a dashboard's connection failed, as the connections page names it (see the route). */
export type ConnectErrorCode =
  'denied' | 'expired' | 'refused' | 'colleague' | 'unavailable' | 'failed';

function connectErrorCode(error: AppError, providerSaidNo: boolean): ConnectErrorCode {
  if (error.code === 'provider_error') return 'unavailable';
  if (error.code === 'account_belongs_to_colleague') return 'colleague';
  if (error.cause instanceof ProviderError) return 'refused';
  if (error.code !== 'invalid_input') return 'failed';
  // Our own checks: the provider's refusal, else the state (unknown, used, expired, or
  // started in another browser session) or a callback without its code.
  return providerSaidNo ? 'denied' : 'expired';
}

/** The provider failing is a 502, a colleague's account 409; any other refusal the caller's 400. */
function pageStatus(error: AppError): number {
  if (error.code === 'provider_error') return 502;
  return error.code === 'account_belongs_to_colleague' ? 409 : 400;
}

const BACK = '<p><a href="/">Back to calintel</a></p>';

/** `bodyHtml` is HTML whose every piece of text the caller escaped. */
function htmlPage(reply: FastifyReply, title: string, bodyHtml: string) {
  return (
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      // The page may carry a code: no other site may frame it, and it is never cached.
      .header('content-security-policy', "frame-ancestors 'none'; form-action 'self'")
      // Not no-referrer: Chromium then sends "Origin: null" with the form, which the POST refuses.
      .header('referrer-policy', 'same-origin')
      .send(standalonePage(title, bodyHtml))
  );
}
