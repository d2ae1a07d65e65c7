/**
 * Errors that Fastify and its plugins raise (not our routes) answer with the code of their
 * status: a code always comes with the status the error table gives it. A wildcard route that
 * finds nothing (the docs' static files) is a 404, not a 405 that allows the method it refused.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { statusOf } from '../../src/api/errors.js';
import type { ErrorCode } from '../../src/domain/errors.js';
import { describeEachDialect } from '../support/databases.js';
import { CALENDAR_BASE, seedNorthwind } from '../support/meetings.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

interface Answer {
  statusCode: number;
  body: string;
  json(): { error: { code: string; message: string } };
}

describeEachDialect('framework errors', (context) => {
  let api: TestApi;
  let listening: Promise<string> | undefined;
  let token: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    ({ token } = await seedNorthwind(context().store));
  });
  afterAll(async () => api?.close());

  type Method = 'GET' | 'HEAD' | 'POST' | 'DELETE';
  const call = (
    method: Method,
    url: string,
    headers: Record<string, string> = {},
    payload?: string,
  ) => api.server.inject({ method, url, headers: { ...bearer(token), ...headers }, payload });

  /** A GET sent as it is written: the injector would resolve `%2e%2e` before the server saw it. */
  const overTheWire = async (path: string): Promise<Answer> => {
    listening ??= api.server.listen({ host: '127.0.0.1', port: 0 });
    const { port } = new URL(await listening);
    return new Promise((resolve, reject) => {
      const sent = request({ host: '127.0.0.1', port, path, method: 'GET' }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ statusCode: response.statusCode ?? 0, body, json: () => JSON.parse(body) }),
        );
      });
      sent.on('error', reject);
      sent.end();
    });
  };

  it.each<[string, number, ErrorCode, () => Promise<Answer>]>([
    [
      'a Content-Type that is not a media type',
      415,
      'unsupported_media_type',
      () => call('POST', `${CALENDAR_BASE}/sync/`, { 'content-type': 'garbage' }, '{}'),
    ],
    [
      'a static path that climbs out of its folder',
      403,
      'forbidden',
      () => overTheWire('/api/docs/static/%2e%2e/x'),
    ],
    [
      'malformed JSON',
      400,
      'invalid_input',
      () => call('POST', `${CALENDAR_BASE}/sync/`, { 'content-type': 'application/json' }, '{'),
    ],
    [
      'a missing static file',
      404,
      'not_found',
      () => call('GET', '/api/docs/static/nonexistent.js'),
    ],
    [
      'a method the path does not answer',
      405,
      'method_not_allowed',
      () => call('DELETE', '/api/docs/static/index.css'),
    ],
  ])('%s is a %i %s', async (_, status, code, send) => {
    const response = await send();
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(statusOf(code)).toBe(status);
  });

  it('a missing static file asked with HEAD is a 404 too', async () => {
    const response = await call('HEAD', '/api/docs/static/nonexistent.js');
    expect(response.statusCode).toBe(404);
    expect(response.headers.allow).toBeUndefined();
  });

  it('a missing static file does not say the method it was asked with is refused', async () => {
    const response = await call('GET', '/api/docs/static/nonexistent.js');
    expect(response.headers.allow).toBeUndefined();
    expect(response.json().error.message).not.toMatch(/is not answered/);
  });
});
