/**
 * How request bodies are read, for the whole server: as JSON, or not at all. A route that reads
 * another form (the ICS connect route's text/calendar and multipart bodies) adds its parser in
 * its own plugin scope, so that no other route is handed bytes it would take for an object (zod
 * reads a Buffer as an object with no fields: a JSON body sent as text/plain lost its fields).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';

/** Registers the server-wide parsers on `app` (before any route). */
export function readBodies(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser(
    app.initialConfig.onProtoPoisoning ?? 'error',
    app.initialConfig.onConstructorPoisoning ?? 'error',
  );
  // Many client wrappers send `Content-Type: application/json` on every request, a DELETE with
  // no body included: an empty body is no body (a route with a body schema then reads `{}`).
  // Anything else goes to Fastify's own parser, with its prototype-poisoning protection.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body.length === 0) done(null, undefined);
    else json(request, String(body), done);
  });
  // Any other type: an empty body is no body (Graph's validation handshake is a text/plain POST
  // without one); a body of a type the route does not read is a 415, not an empty object.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    // A path no route answers is a 404 or 405 whatever it was sent.
    if (body.length === 0 || request.is404) done(null, undefined);
    else done(unsupportedMediaType(request), undefined);
  });
}

/** The 415 for a body of a type the route does not read. */
export function unsupportedMediaType(request: FastifyRequest): AppError {
  const sent = request.headers['content-type']?.split(';')[0]?.trim() || 'no Content-Type';
  const accepted = request.routeOptions.config.acceptedMediaTypes ?? ['application/json'];
  return new AppError(
    'unsupported_media_type',
    `a body sent as ${sent.slice(0, 100)} is not read here; send it as ${accepted.join(' or ')}`,
  );
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The body types a route reads, when not only JSON: named in its 415. */
    acceptedMediaTypes?: readonly string[];
  }
}
