/**
 * The dashboard's sign-in: email and password, a one-time link, the current session and
 * sign-out. The session rides in an httpOnly, SameSite=Lax cookie the page's scripts cannot read;
 * the page learns its CSRF token from these answers instead.
 */
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { normaliseEmail } from '../../domain/event.js';
import type { ApiDeps } from '../api-deps.js';
import {
  CSRF_HEADER,
  requireCsrfToken,
  SESSION_COOKIE,
  sessionToken,
  tooManyFailures,
} from '../auth.js';
import { AuthFailureLimiter } from '../auth-failures.js';
import { sameOrigin } from '../same-origin.js';
import { errorSchema } from '../schemas.js';
import { sessionSchema, signInBodySchema, type StartedSessionView } from '../session-schemas.js';
import { standalonePage } from '../standalone-page.js';

/** Per address: enough for a person who mistypes, far too few to guess a password. */
const SIGN_IN_ATTEMPTS_PER_MINUTE = 10;
/**
 * Failed sign-ins per client address and minute, whatever accounts they name: trying a few
 * passwords against many accounts (spraying) is refused past it. An office's colleagues behind
 * one address mistype far less often than this together.
 */
const DEFAULT_FAILED_SIGN_INS_PER_ADDRESS = 30;

export function sessionRoutes(
  deps: ApiDeps,
  authFailures?: AuthFailureLimiter,
): FastifyPluginAsyncZod {
  return async (app) => {
    const failedSignIns = new AuthFailureLimiter(
      deps.limits.failedSignInsPerMinute ?? DEFAULT_FAILED_SIGN_INS_PER_ADDRESS,
    );
    // After the body is parsed: the sign-in limit is keyed by the address it names.
    await app.register(fastifyRateLimit, { global: false, hook: 'preHandler' });

    app.post(
      '/auth/sign-in',
      {
        config: {
          rateLimit: {
            max: SIGN_IN_ATTEMPTS_PER_MINUTE,
            timeWindow: 60_000,
            // Per address and account: colleagues behind one office address do not lock each
            // other out, and one account cannot be guessed at faster than this from one place.
            keyGenerator: (request: FastifyRequest) =>
              `${request.ip}|${normaliseEmail(emailOf(request.body))}`,
          },
        },
        schema: {
          summary: 'Sign in to the dashboard with email and password',
          description:
            'Sets the httpOnly session cookie. Send the returned `csrfToken` in the `X-CSRF-Token` header of every request that changes something.',
          tags: ['dashboard'],
          body: signInBodySchema,
          response: { 200: sessionSchema, 401: errorSchema, 429: errorSchema },
        },
      },
      async (request, reply) => {
        const retryAfter = failedSignIns.retryAfter(request.ip, null);
        if (retryAfter !== null) throw tooManyFailures(reply, retryAfter);
        const started = await deps.web
          .signIn(request.body.email, request.body.password, request.ip)
          .catch((error: unknown) => {
            if (error instanceof AppError && error.code === 'invalid_credentials')
              failedSignIns.failed(request.ip);
            throw error;
          });
        setSessionCookie(request, reply, started, deps.web.secureCookies);
        return started.view;
      },
    );

    app.get(
      '/auth/session',
      {
        // Before validation and the handler: every answer (200, 204, 400, 401, 429) changes at
        // sign-in or sign-out, so no cache may keep any of them.
        onRequest: async (_request, reply) => {
          void reply.header('cache-control', 'no-store');
        },
        schema: {
          summary: 'The signed-in user, organisation and CSRF token of this browser',
          description:
            'Not signed in: 401 `unauthorized`, or with `optional=true` 204 and no body (the sign-in page asks so: a browser logs every 4xx answer as an error).',
          tags: ['dashboard'],
          querystring: z.object({
            optional: z
              .enum(['true'])
              .optional()
              .describe('true: answer 204 rather than 401 when not signed in'),
          }),
          response: {
            200: sessionSchema,
            204: z.null().describe('not signed in, asked with optional=true'),
            401: errorSchema,
            429: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const token = sessionToken(request);
        // A cookie costs a lookup: an address whose cookies keep failing waits (see server.ts).
        const retryAfter = token ? authFailures?.retryAfter(request.ip, token) : null;
        if (retryAfter) throw tooManyFailures(reply, retryAfter);
        const session = token ? await deps.web.session(token) : null;
        if (token && !session) authFailures?.failed(request.ip);
        if (!session && request.query.optional) return reply.status(204).send(null);
        if (!session) throw new AppError('unauthorized', 'not signed in');
        if (token) authFailures?.succeeded(token);
        return session.view;
      },
    );

    app.post(
      '/auth/sign-out',
      {
        schema: {
          summary: 'Sign out of the dashboard',
          description: `Needs the session's CSRF token in \`${CSRF_HEADER}\`.`,
          tags: ['dashboard'],
          response: { 204: z.null(), 403: errorSchema },
        },
      },
      async (request, reply) => {
        const token = sessionToken(request);
        const session = token ? await deps.web.session(token) : null;
        if (token && session) {
          requireCsrfToken(request.headers[CSRF_HEADER], session.view.csrfToken);
          await deps.web.signOut(token);
        }
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    // The link's page only asks; the button's POST signs in. Mail and chat previews fetch links
    // (GET, HEAD) on their own and would otherwise use them up before the person clicks.
    app.get(
      '/auth/link/:token',
      {
        exposeHeadRoute: false,
        schema: {
          summary: 'The page of a one-time sign-in link',
          description:
            'Made by `calintel demo` or `calintel users sign-in-link`; valid once, for 15 minutes. Shows a button that POSTs to the same address.',
          tags: ['dashboard'],
          params: z.object({ token: z.string().min(1).max(200) }),
        },
      },
      async (_request, reply) =>
        reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          // Not no-referrer: Chromium then sends "Origin: null" with the form, which the POST refuses.
          .header('referrer-policy', 'same-origin')
          .send(LINK_PAGE),
    );

    // A form's POST body; nothing in it is read.
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, _body, done) => done(null, {}),
    );

    app.post(
      '/auth/link/:token',
      {
        config: { rateLimit: { max: SIGN_IN_ATTEMPTS_PER_MINUTE, timeWindow: 60_000 } },
        schema: {
          summary: 'Use a one-time sign-in link',
          description:
            'Signs in and redirects to the dashboard (303); an unknown, used or expired link redirects to the sign-in page. Only from this site (Origin checked).',
          tags: ['dashboard'],
          params: z.object({ token: z.string().min(1).max(200) }),
        },
      },
      async (request, reply) => {
        // Another site's form must not sign a visitor in to someone else's account.
        if (!sameOrigin(request, deps.web.publicOrigin))
          throw new AppError('forbidden', 'a sign-in link can only be used from this site');
        const started = await deps.web.redeemLink(request.params.token);
        if (!started) return reply.redirect('/sign-in?error=link_invalid', 303);
        setSessionCookie(request, reply, started, deps.web.secureCookies);
        return reply.redirect('/', 303);
      },
    );
  };
}

function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  started: StartedSessionView,
  alwaysSecure: boolean,
): void {
  void reply.setCookie(SESSION_COOKIE, started.token, {
    path: '/',
    httpOnly: true,
    // Lax, not Strict: the browser comes back from Google's or Microsoft's consent page by a
    // top-level redirect, and that request must still be signed in.
    sameSite: 'lax',
    // Also when a proxy in front terminates TLS and the hop to us is plain HTTP.
    secure: alwaysSecure || request.protocol === 'https',
    expires: started.expiresAt,
  });
}

/** The address a sign-in names, read before validation (the rate limit runs first). */
function emailOf(body: unknown): string {
  if (body && typeof body === 'object' && 'email' in body && typeof body.email === 'string')
    return body.email.slice(0, 320);
  return '';
}

/** The link's page: a button, no script (the dashboard's policy allows none inline). */
const LINK_PAGE = standalonePage(
  'Sign in to calintel',
  '<p>This one-time link signs you in to the dashboard.</p><form method="post"><button type="submit">Continue to calintel</button></form>',
);
