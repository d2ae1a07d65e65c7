/**
 * What Node's HTTP parser refuses before any route runs (a 20,000-character query, a raw
 * non-ASCII byte in the URL, a request that is not HTTP) is answered in the documented shape
 * `{ "error": { "code", "message" } }`, over a real socket (inject bypasses the parser), and a
 * request that arrives while the server closes gets a 503 in that shape too.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/databases.js';
import { CALENDAR_BASE, seedNorthwind } from '../support/meetings.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';

/** Sends raw bytes and reads the whole answer until the server closes the connection. */
function raw(
  port: number,
  request: Buffer,
): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), head, body });
    });
  });
}

describeEachDialect('client errors in the error shape', (context) => {
  let api: TestApi;
  let port: number;
  let token: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    ({ token } = await seedNorthwind(context().store));
    await api.server.listen({ port: 0, host: '127.0.0.1' });
    port = (api.server.server.address() as { port: number }).port;
  });

  afterAll(async () => api?.close());

  const get = (target: Buffer | string) =>
    raw(
      port,
      Buffer.concat([
        Buffer.from('GET '),
        Buffer.from(target),
        Buffer.from(
          ` HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer ${token}\r\n\r\n`,
        ),
      ]),
    );

  it('a 20,000-character query is a 431 headers_too_large in the shape', async () => {
    const answer = await get(`${CALENDAR_BASE}/events/?q=${'a'.repeat(20_000)}`);
    expect(answer.status).toBe(431);
    expect(answer.head).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'headers_too_large', message: expect.stringMatching(/16384 bytes/) },
    });
  });

  it('raw non-ASCII bytes in the query are a 400 invalid_input that says to percent-encode', async () => {
    const answer = await get(Buffer.from(`${CALENDAR_BASE}/events/?q=REUNIÓN`, 'utf8'));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'invalid_input', message: expect.stringContaining('REUNI%C3%93N') },
    });
  });

  it('a request that is not HTTP/1.1 is a 400 in the shape', async () => {
    const answer = await raw(port, Buffer.from('GET /a b c\r\n\r\n'));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      error: {
        code: 'invalid_input',
        message: expect.stringMatching(/^the request is not valid HTTP\/1\.1/),
      },
    });
  });

  it('the same query, percent-encoded, is answered by the route', async () => {
    const answer = await get(`${CALENDAR_BASE}/events/?q=${encodeURIComponent('REUNIÓN')}`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ items: [], nextCursor: null });
  });

  it('a request that arrives while the server closes is a 503 unavailable in the shape', async () => {
    const closing = await buildTestApi(context().store);
    await closing.server.listen({ port: 0, host: '127.0.0.1' });
    const closingPort = (closing.server.server.address() as { port: number }).port;
    // A connection open before the close began: its next request arrives while closing.
    const socket = connect(closingPort, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = closing.close();
    const answer = await new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
    });
    await closed;
    expect(answer.split(' ')[1]).toBe('503');
    expect(JSON.parse(answer.split('\r\n\r\n')[1] ?? '')).toEqual({
      error: { code: 'unavailable', message: expect.any(String) },
    });
  });
});
