/**
 * A body is read as JSON or not at all: JSON sent with another Content-Type (what `fetch` sends
 * without headers: text/plain) is a 415 `unsupported_media_type`, not an empty object whose
 * fields were silently dropped; an empty body with `Content-Type: application/json` is no body.
 * Only the ICS connect route also reads text/calendar and multipart bodies.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/databases.js';
import { sampleFeed } from '../support/feed-server.js';
import { CALENDAR_BASE, seedNorthwind } from '../support/meetings.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const BOUNDARY = 'XX';
const multipartBody = (name: string, value: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n--${BOUNDARY}--\r\n`;

describeEachDialect('request bodies and their media type', (context) => {
  let api: TestApi;
  let token: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store, {
      GOOGLE_CALENDAR_CLIENT_ID: 'client-id',
      GOOGLE_CALENDAR_CLIENT_SECRET: 'client-secret',
    });
    ({ token } = await seedNorthwind(context().store));
  });
  afterAll(async () => api?.close());

  const send = (method: 'POST' | 'DELETE', path: string, contentType: string, payload: string) =>
    api.server.inject({
      method,
      url: `${CALENDAR_BASE}${path}`,
      headers: { ...bearer(token), 'content-type': contentType },
      payload,
    });

  it.each([
    ['/providers/google/disconnect/', { connectionId: 'nope', keepEvents: false }],
    ['/providers/some-connection/disconnect/', { keepEvents: false }],
    ['/sync/', { calendarId: 'nonexistent' }],
    ['/meetings/detect/', { from: '2026-09-07T00:00:00Z', to: '2026-09-08T00:00:00Z' }],
    ['/providers/caldav/connect/', { url: 'https://caldav.example.com/', username: 'a' }],
  ])('JSON sent as text/plain to POST %s is a 415 naming JSON', async (path, body) => {
    const response = await send('POST', path, 'text/plain;charset=UTF-8', JSON.stringify(body));
    expect(response.statusCode, response.body).toBe(415);
    expect(response.json()).toEqual({
      error: {
        code: 'unsupported_media_type',
        message: 'a body sent as text/plain is not read here; send it as application/json',
      },
    });
  });

  it('a multipart or text/calendar body on a JSON route is a 415 too', async () => {
    const form = await send(
      'POST',
      '/meetings/detect/',
      `multipart/form-data; boundary=${BOUNDARY}`,
      multipartBody('from', '2026-09-07T00:00:00Z'),
    );
    expect(form.statusCode, form.body).toBe(415);
    expect(form.json().error.code).toBe('unsupported_media_type');
    const calendar = await send('POST', '/sync/', 'text/calendar', sampleFeed());
    expect(calendar.statusCode, calendar.body).toBe(415);
  });

  it('an empty body sent as application/json is no body', async () => {
    const deleted = await send('DELETE', '/calendars/no-such-calendar/', 'application/json', '');
    expect(deleted.statusCode, deleted.body).toBe(404);
    expect(deleted.json().error.code).toBe('not_found');
    const detect = await send('POST', '/meetings/detect/', 'application/json', '');
    expect(detect.statusCode, detect.body).toBe(202);
    // A route with a required field still names it.
    const feedback = await send('POST', '/meetings/m-1/feedback/', 'application/json', '');
    expect(feedback.json().error).toEqual({
      code: 'invalid_input',
      message: 'body.verdict: is required',
    });
  });

  it('an empty text/plain body is no body either', async () => {
    const response = await send('POST', '/sync/', 'text/plain', '');
    expect(response.statusCode, response.body).toBe(202);
  });

  it('a JSON body keeps its fields and Fastify’s protection against prototype poisoning', async () => {
    const sync = await send('POST', '/sync/', 'application/json', '{"calendarId":"nonexistent"}');
    // The field was read: it names none of the caller's calendars.
    expect(sync.statusCode, sync.body).toBe(400);
    expect(sync.json().error.message).toMatch(/^body\.calendarId: /);
    const poisoned = await send(
      'POST',
      '/sync/',
      'application/json',
      '{"__proto__":{"calendarId":"x"}}',
    );
    expect(poisoned.statusCode).toBe(400);
    expect(poisoned.json().error.code).toBe('invalid_input');
    const malformed = await send('POST', '/sync/', 'application/json', '{"calendarId":');
    expect(malformed.statusCode).toBe(400);
  });

  it('the ICS connect route still reads text/calendar, multipart and JSON, and names them in its 415', async () => {
    const raw = await send(
      'POST',
      '/providers/ics/connect/?label=raw',
      'text/calendar',
      sampleFeed(),
    );
    expect(raw.statusCode, raw.body).toBe(201);
    const upload = await send(
      'POST',
      '/providers/ics/connect/',
      `multipart/form-data; boundary=${BOUNDARY}`,
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.ics"\r\nContent-Type: text/calendar\r\n\r\n${sampleFeed()}\r\n--${BOUNDARY}--\r\n`,
    );
    expect(upload.statusCode, upload.body).toBe(201);
    const json = await send('POST', '/providers/ics/connect/', 'application/json', '{}');
    expect(json.statusCode).toBe(400);
    expect(json.json().error.message).toMatch(/^body\.url: is required/);
    const plain = await send('POST', '/providers/ics/connect/', 'text/plain', '{"url":"x"}');
    expect(plain.statusCode).toBe(415);
    expect(plain.json().error.message).toBe(
      'a body sent as text/plain is not read here; send it as application/json or multipart/form-data or text/calendar',
    );
  });

  it('a path no route answers is still a 404, whatever its body', async () => {
    const response = await send('POST', '/nothing-here/', 'text/plain', 'hello');
    expect(response.statusCode).toBe(404);
  });
});
