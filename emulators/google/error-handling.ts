/** Turns every failure into the body Google would send for it (errors.ts). */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { errorPage } from './consent-page.js';
import {
  AuthorizePageError,
  badRequest,
  errorBody,
  GoogleApiError,
  notFound,
  OAuthError,
} from './errors.js';

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof OAuthError) {
      return reply
        .code(error.httpStatus)
        .send({ error: error.error, error_description: error.description });
    }
    if (error instanceof AuthorizePageError) {
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(errorPage(error.error, error.description));
    }
    const api = toApiError(error);
    return reply.code(api.code).headers(api.headers).send(errorBody(api));
  });
  app.setNotFoundHandler((_request, reply) => {
    const api = notFound();
    return reply.code(404).send(errorBody(api));
  });
}

function toApiError(error: unknown): GoogleApiError {
  if (error instanceof GoogleApiError) return error;
  if (error instanceof ZodError) {
    const first = error.issues[0];
    return badRequest(
      first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'Bad Request',
    );
  }
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    // A body Fastify could not read (bad JSON, wrong content type): Google says parseError.
    return new GoogleApiError(status, {
      domain: 'global',
      reason: 'parseError',
      message: (error as Error).message,
    });
  }
  return new GoogleApiError(500, {
    domain: 'global',
    reason: 'backendError',
    message: 'Backend Error',
  });
}
