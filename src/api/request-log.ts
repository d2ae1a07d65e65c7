/**
 * What a log line says about a request: its method, a URL with the secrets masked, the host and
 * the client's address. A one-time sign-in link carries its token in the path, and an OAuth
 * callback its code and state in the query: either, read from a log, signs someone in.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export const MASK = '[redacted]';

/** Paths whose next segment is a secret (`/auth/link/<token>`). */
const SECRET_SEGMENT_AFTER = ['/auth/link/'];

/**
 * Query parameters whose values are secrets, by name (any case, `-` or `_` alike): OAuth's
 * `code` and `state`, Graph's `validationToken`, and anything named like a token, a secret, a
 * password, a key, a signature or a session.
 */
const SECRET_PARAMETER =
  /^(code|state|session_state|sig|signature|key|apikey|api_key|client_assertion)$|token|secret|passw(or)?d|credential|session/i;

export function isSecretParameter(name: string): boolean {
  return SECRET_PARAMETER.test(name.replace(/-/g, '_'));
}

/** The URL as a log may show it: path readable, secret path segments and query values masked. */
export function maskUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? null : url.slice(queryAt + 1);
  return maskPath(path) + (query === null ? '' : `?${maskQuery(query)}`);
}

function maskPath(path: string): string {
  for (const prefix of SECRET_SEGMENT_AFTER) {
    const at = path.toLowerCase().indexOf(prefix);
    if (at === -1) continue;
    const start = at + prefix.length;
    const slash = path.indexOf('/', start);
    const end = slash === -1 ? path.length : slash;
    if (end === start) continue;
    return path.slice(0, start) + MASK + maskPath(path.slice(end));
  }
  return path;
}

function maskQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1) return pair;
      const name = pair.slice(0, equals);
      return isSecretParameter(decodeName(name)) ? `${name}=${MASK}` : pair;
    })
    .join('&');
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/**
 * pino's `serializers.req` for request logs: the fields of Fastify's own serializer, with the
 * URL masked. Also takes Node's IncomingMessage, should one be logged as `req`.
 */
export function serializeRequest(
  request: Pick<FastifyRequest, 'method' | 'url'> &
    Partial<Pick<FastifyRequest, 'host' | 'ip' | 'socket'>>,
): Record<string, unknown> {
  return {
    method: request.method,
    url: typeof request.url === 'string' ? maskUrl(request.url) : request.url,
    host: request.host,
    remoteAddress: request.ip ?? request.socket?.remoteAddress,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * One info line per request, when it is answered, with the request and the answer together;
 * Fastify's own controller also logs each request as it arrives, at info, which doubled every
 * request in the log. That one is kept at debug, for tracing a request that never ends.
 */
export class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const fields = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else reply.log.info(fields, 'request completed');
  }
}
