/** Turns every failure into the body Microsoft would send for it (errors.ts). */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { errorPage } from './consent-page.js';
import { AadError, AuthorizePageError, GraphApiError, invalidRequest } from './errors.js';

export function installErrorHandling(app: FastifyInstance, nowMs: () => number): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof AadError) {
      return reply
        .code(error.status)
        .headers(error.options.headers ?? {})
        .send(error.body(nowMs()));
    }
    if (error instanceof AuthorizePageError) {
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(errorPage(`AADSTS${error.aadsts}`, error.description));
    }
    const api = toApiError(error);
    const clientRequestId = request.headers['client-request-id'];
    return reply
      .code(api.status)
      .headers(api.headers)
      .send(api.body(nowMs(), typeof clientRequestId === 'string' ? clientRequestId : undefined));
  });
  app.setNotFoundHandler((_request, reply) => {
    const api = new GraphApiError(400, 'BadRequest', 'Resource not found for the segment.');
    return reply.code(400).send(api.body(nowMs()));
  });
}

function toApiError(error: unknown): GraphApiError {
  if (error instanceof GraphApiError) return error;
  if (error instanceof ZodError) {
    const first = error.issues[0];
    return invalidRequest(
      first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'Bad Request',
    );
  }
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500)
    return new GraphApiError(status, 'BadRequest', (error as Error).message);
  return new GraphApiError(500, 'generalException', 'An internal server error occurred.');
}
