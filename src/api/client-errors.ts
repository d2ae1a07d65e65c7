/**
 * Requests that Node's HTTP parser refuses before Fastify sees a request (a URL with a raw
 * non-ASCII byte or a space, header fields over the size limit, a request that is not HTTP/1.1,
 * one that took too long to arrive). Fastify's default handler answered them in its own shape
 * (`{"error":"Bad Request","message":"Client Error","statusCode":400}`); these answer in the API's
 * `{ "error": { "code", "message" } }`, saying what was wrong. No request exists yet, so the
 * answer is written to the socket by hand, as Fastify's is, and the connection closed: after a
 * parse error the rest of the stream cannot be read as requests.
 */
import type { FastifyInstance } from 'fastify';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorCode } from '../domain/errors.js';
import { errorBody, statusOf } from './errors.js';

interface ParserError extends Error {
  code?: string;
  /** llhttp's reason, such as "Invalid char in url query". */
  reason?: string;
}

/** Fastify's `clientErrorHandler`: `this` is the Fastify instance. */
export function answerClientError(this: FastifyInstance, error: ParserError, socket: Socket): void {
  // A reset connection has nobody to answer (as Node and Fastify do).
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { code, message } = describeClientError(error);
  this.log.debug({ err: error, code }, 'client error');
  const status = statusOf(code);
  const body = JSON.stringify(errorBody(code, message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}

/** What the parser's error means for the client, in the API's codes. */
export function describeClientError(error: ParserError): { code: ErrorCode; message: string } {
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return {
      code: 'headers_too_large',
      message: `the request line and header fields together are over ${maxHeaderSize} bytes, the most this server reads: shorten the query (a long one is usually a list that belongs in a body or in several requests)`,
    };
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_HEADERS_TIMEOUT')
    return { code: 'request_timeout', message: 'the request took too long to arrive' };
  if (error.code === 'HPE_INVALID_URL')
    return {
      code: 'invalid_input',
      message:
        'the URL has a character that must be percent-encoded: a space or a non-ASCII character in the path or query is sent as its UTF-8 bytes in %XX form (REUNIÓN as REUNI%C3%93N), as encodeURIComponent writes it',
    };
  const reason = error.reason ? ` (${error.reason.toLowerCase()})` : '';
  return { code: 'invalid_input', message: `the request is not valid HTTP/1.1${reason}` };
}
