/** Builds the HTTP API: Fastify with zod schemas, OpenAPI at /api/docs, auth and rate limits. */
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { createHash } from 'node:crypto';
import { AppError } from '../domain/errors.js';
import type { ApiDeps } from './api-deps.js';
import { authenticateHook, bearerToken, sessionToken } from './auth.js';
import { AuthFailureLimiter } from './auth-failures.js';
import { ACCOUNT_PREFIX, API_PREFIX, CRM_PREFIX } from './prefix.js';
import { calendarsRoutes } from './routes/calendars.routes.js';
import { conflictsRoutes } from './routes/conflicts.routes.js';
import { crmRoutes } from './routes/crm.routes.js';
import { relationshipsRoutes } from './routes/relationships.routes.js';
import { googleRoutes } from './routes/google.routes.js';
import { outlookRoutes } from './routes/outlook.routes.js';
import { publicRoutes } from './routes/public.routes.js';
import { answerClientError } from './client-errors.js';
import { readBodies } from './body-parsers.js';
import { documentedCodes, errorBody, handleError } from './errors.js';
import { KnownPaths } from './known-paths.js';
import { OpenApiDocument } from './openapi-document.js';
import { rejectNulCharacters } from './nul-guard.js';
import { RequestLogController, serializeRequest } from './request-log.js';
import { eventsRoutes } from './routes/events.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { liveRoutes } from './routes/live.routes.js';
import { sessionRoutes } from './routes/session.routes.js';
import { isDashboardPage, registerDashboard, sendPage } from './routes/web.routes.js';
import { meetingsRoutes } from './routes/meetings.routes.js';
import { providersRoutes } from './routes/providers.routes.js';
import { exchangeSharedRoutes } from './routes/exchange-shared.routes.js';
import { syncRoutes } from './routes/sync.routes.js';
import { tokensRoutes } from './routes/tokens.routes.js';
import { profileRoutes } from './routes/profile.routes.js';

export { API_PREFIX };

/**
 * The longest path parameter any route documents: a relationship's key (its schema allows 400
 * characters, counted decoded, as the router counts them). Longer ones are refused by the router,
 * shorter ones that are still too long by the route's schema: both as invalid_input.
 */
const MAX_PARAM_LENGTH = 400;

/** Failed authentications per address and minute, unless the deployment's request limit is lower. */
const DEFAULT_AUTH_FAILURES_PER_MINUTE = 60;

export async function buildServer(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // Request logs show the URL with sign-in link tokens and OAuth codes masked (request-log.ts),
    // whatever logger the caller hands in: a child's serializers win over Fastify's.
    loggerInstance: deps.logger.child({}, { serializers: { req: serializeRequest } }),
    // One line per request, when it is answered (request-log.ts).
    logController: new RequestLogController(),
    bodyLimit: deps.limits.bodyBytes,
    trustProxy: trustProxyOption(deps.trustProxy),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    // The router's own errors come before any route or error handler: answer them in our shape.
    frameworkErrors: answerRouterError,
    // What Node's HTTP parser refuses before there is a request: in our shape too.
    clientErrorHandler: answerClientError,
    // Fastify's own 503 while closing bypasses every handler; answerWhileClosing answers it.
    return503OnClosing: false,
  }).withTypeProvider<ZodTypeProvider>();
  answerWhileClosing(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  const knownPaths = new KnownPaths();
  knownPaths.listen(app);
  const document = new OpenApiDocument();
  document.listen(app);
  app.setNotFoundHandler((request, reply) => {
    if (deps.web.distDir && isDashboardPage(request)) return sendPage(reply);
    const path = request.url.split('?')[0] ?? '';
    const allowed = knownPaths.allowed(path);
    // A route that answers this method and still found nothing (a wildcard route's missing
    // file, such as the docs' static/*) is a 404, not a 405 that allows the method it refuses.
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      void reply
        .status(405)
        .header('allow', allowed.join(', '))
        .send(
          errorBody(
            'method_not_allowed',
            `${request.method} is not answered on ${path}; it answers ${allowed.join(', ')}`,
          ),
        );
      return;
    }
    void reply.status(404).send(errorBody('not_found', `no route ${request.method} ${path}`));
  });
  app.decorateRequest('caller', null);
  // Before every route's validation: no NUL in params, query or a JSON body (nul-guard.ts).
  app.addHook('preValidation', rejectNulCharacters);
  // A POST without a body (`curl -X POST`, which Fastify reads as null) is an empty object: a
  // route whose fields are all optional takes it, one with a required field names that field.
  app.addHook('preValidation', async (request) => {
    if (request.body == null && request.routeOptions.schema?.body !== undefined) request.body = {};
  });
  if (deps.observeRequest) {
    const observe = deps.observeRequest;
    app.addHook('onResponse', async (request, reply) => {
      observe({
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        seconds: reply.elapsedTime / 1000,
      });
    });
  }
  // JSON or nothing; the ICS connect route reads its other forms in its own scope.
  readBodies(app);

  // The API's answers are JSON; the dashboard's pages set their own policy (web.routes.ts).
  await app.register(fastifyHelmet, { contentSecurityPolicy: false });
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'calintel API',
        version: '1',
        description: `Calendar sync and meeting intelligence for CRMs. Errors are \`{ "error": { "code", "message" } }\`; each code comes with one HTTP status: ${documentedCodes()}. A body is JSON (\`Content-Type: application/json\`) unless a route says otherwise; an empty one is no body, and one of another type is a 415 \`unsupported_media_type\`. A list takes only the query parameters it documents: another is a 400 \`invalid_input\` that names it.`,
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
    // Emits the schemas named with .meta({ id }) as components, which the routes' $refs name;
    // then marks the bodies that may be left out, and 204s without content (openapi-document.ts).
    transformObject: document.transformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  await app.register(healthRoutes(deps));
  await app.register(publicRoutes(deps));
  // Failed authentications are counted per address, before the lookup: past the limit, that
  // address gets 429 until the minute ends (a token that authenticated lately still passes).
  // Only the authenticated routes and the session check count: the OAuth callbacks, provider
  // webhooks (their own secrets say whose they are) and health checks do not, and sign-in has
  // its own limit.
  const authFailures = new AuthFailureLimiter(
    deps.limits.authFailuresPerMinute ??
      Math.min(deps.limits.requestsPerMinute, DEFAULT_AUTH_FAILURES_PER_MINUTE),
  );
  await app.register(sessionRoutes(deps, authFailures));
  await registerDashboard(app, deps.web.distDir);
  await app.register(
    async (api) => {
      await api.register(fastifyRateLimit, {
        max: deps.limits.requestsPerMinute,
        timeWindow: 60_000,
        // Per token, so that one noisy integration cannot starve the others. The plugin's hook
        // is the route's, so it runs after authentication: only authenticated requests reach it
        // (the address is a fallback that is not expected to be used).
        keyGenerator: (request) =>
          rateLimitKey(bearerToken(request) ?? sessionToken(request), request.ip),
        // The plugin throws what this returns; an AppError reaches the one error handler as 429.
        errorResponseBuilder: (_request, context) =>
          Object.assign(
            new AppError(
              'rate_limited',
              `rate limit of ${context.max} requests per minute reached; retry in ${context.after}`,
            ),
            { statusCode: 429 },
          ),
      });
      api.addHook('onRequest', authenticateHook(deps, authFailures));
      // Both prefixes share the token's rate limit and the authentication above.
      await api.register(
        async (calendar) => {
          await calendar.register(eventsRoutes(deps));
          await calendar.register(providersRoutes(deps));
          await calendar.register(exchangeSharedRoutes(deps));
          await calendar.register(googleRoutes(deps));
          await calendar.register(outlookRoutes(deps));
          await calendar.register(syncRoutes(deps));
          await calendar.register(meetingsRoutes(deps));
          await calendar.register(conflictsRoutes(deps));
          await calendar.register(calendarsRoutes(deps));
          await calendar.register(relationshipsRoutes(deps));
          await calendar.register(liveRoutes(deps));
        },
        { prefix: API_PREFIX },
      );
      await api.register(crmRoutes(deps), { prefix: CRM_PREFIX });
      await api.register(tokensRoutes(deps), { prefix: ACCOUNT_PREFIX });
      await api.register(profileRoutes(deps), { prefix: ACCOUNT_PREFIX });
    },
    // No prefix here: the calendar, CRM and token routes have their own.
    { prefix: '' },
  );
  return app;
}

/**
 * What the router refuses before any route runs. The path is not repeated: it may be a sign-in
 * link's token, which the request logs mask.
 */
function answerRouterError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (error.code === 'FST_ERR_BAD_URL') {
    void reply
      .status(400)
      .send(
        errorBody(
          'invalid_input',
          'the path has a malformed percent-encoding (a % must be followed by two hex digits that spell UTF-8)',
        ),
      );
    return;
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply
      .status(400)
      .send(
        errorBody(
          'invalid_input',
          `a path parameter is longer than ${MAX_PARAM_LENGTH} characters, more than any route accepts`,
        ),
      );
    return;
  }
  handleError(error, request, reply);
}

/**
 * Once the server starts closing, a request that still arrives (on a kept-alive connection) is
 * answered 503 in our shape with `Connection: close`, as Fastify's own closing answer would be
 * but for its shape.
 */
function answerWhileClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    await reply
      .status(503)
      .header('connection', 'close')
      .send(errorBody('unavailable', 'the server is shutting down; retry in a moment'));
  });
}

/** Per API token or dashboard session, so that one noisy caller cannot starve the others. */
function rateLimitKey(token: string | null, ip: string): string {
  return token
    ? `token:${createHash('sha256').update(token).digest('hex').slice(0, 32)}`
    : `ip:${ip}`;
}

/** A hop count becomes the function Fastify's types accept for it. */
function trustProxyOption(
  setting: boolean | number | string,
): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}
