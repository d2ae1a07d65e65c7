import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../support/databases.js';
import { sampleFeed } from '../support/feed-server.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const CONNECT = '/api/v1/calendar/providers/ics/connect/';
const BOUNDARY = 'XX';
const FILE_PART = [
  `--${BOUNDARY}`,
  'Content-Disposition: form-data; name="file"; filename="a.ics"',
  'Content-Type: text/calendar',
  '',
  '',
].join('\r\n');

describeEachDialect('ICS upload with a malformed multipart body', (context) => {
  let api: TestApi;
  let token: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store, { API_BODY_LIMIT_BYTES: '20000' });
    const tenant = await seedTenant(context().store, 'uploads');
    token = (await context().store.apiTokens.create(tenant.scope, 'a')).token;
  });
  afterAll(async () => api?.close());

  const upload = (contentType: string, payload: string) =>
    api.server.inject({
      method: 'POST',
      url: CONNECT,
      headers: { ...bearer(token), 'content-type': contentType },
      payload,
    });
  const multipart = (payload: string) =>
    upload(`multipart/form-data; boundary=${BOUNDARY}`, payload);

  it.each([
    ['without a boundary', () => upload('multipart/form-data', 'xx')],
    ['that is not multipart at all', () => multipart('garbage')],
    ['with a part cut off', () => multipart(`${FILE_PART}BEGIN:VCALENDAR`)],
    [
      'with a part header cut off',
      () => multipart(`--${BOUNDARY}\r\nContent-Disposition: form-da`),
    ],
  ])('an upload %s is a 400 that says the upload could not be read', async (_, send) => {
    const response = await send();
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        code: 'invalid_input',
        message: expect.stringContaining('the multipart upload could not be read'),
      },
    });
  });

  it('keeps the answers that were already right: no file part, a file too large, a good file', async () => {
    const noFile = await multipart(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="label"\r\n\r\nhi\r\n--${BOUNDARY}--\r\n`,
    );
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.message).toMatch(/has no file/);
    const tooLarge = await multipart(`${FILE_PART}${'A'.repeat(30_000)}\r\n--${BOUNDARY}--\r\n`);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.code).toBe('payload_too_large');
    const good = await multipart(`${FILE_PART}${sampleFeed()}\r\n--${BOUNDARY}--\r\n`);
    expect(good.statusCode).toBe(201);
  });

  const upload2 = (filename: string, label: string | null) =>
    multipart(
      (label === null
        ? ''
        : `--${BOUNDARY}\r\nContent-Disposition: form-data; name="label"\r\n\r\n${label}\r\n`) +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        `Content-Type: text/calendar\r\n\r\n${sampleFeed()}\r\n--${BOUNDARY}--\r\n`,
    );

  it('a NUL in the label field or the file name is a 400 naming the field, as on the other paths', async () => {
    for (const [response, field] of [
      [await upload2('a.ics', 'a\u0000b'), 'body.label'],
      [await upload2('a\u0000b.ics', 'fine'), 'body.file'],
    ] as const) {
      expect(response.statusCode, field).toBe(400);
      expect(response.json()).toEqual({
        error: {
          code: 'invalid_input',
          message: `${field}: must not contain a NUL character (\\u0000)`,
        },
      });
    }
  });

  it('the label field is held to the 200 characters ?label= and JSON allow; so is a file name', async () => {
    const query = await api.server.inject({
      method: 'POST',
      url: `${CONNECT}?label=${'L'.repeat(201)}`,
      headers: { ...bearer(token), 'content-type': 'text/calendar' },
      payload: sampleFeed(),
    });
    expect(query.statusCode).toBe(400);
    const long = await upload2('a.ics', 'L'.repeat(500));
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toMatch(/^body\.label: /);
    const longName = await upload2(`${'n'.repeat(201)}.ics`, null);
    expect(longName.statusCode).toBe(400);
    expect(longName.json().error.message).toMatch(/^body\.file: the file's name is longer/);
    const fits = await upload2('a.ics', `  ${'L'.repeat(200)}  `);
    expect(fits.statusCode).toBe(201);
    expect(fits.json().label).toBe('L'.repeat(200));
    const blank = await upload2('blank.ics', '   ');
    expect(blank.statusCode).toBe(201);
    expect(blank.json().label).toBe('blank.ics');
  });
});
