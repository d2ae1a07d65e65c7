/**
 * The OpenAPI document says what the server does: a body the route takes as `{}` when it is left
 * out is `required: false`, one with a required field stays `required: true`; and the 204 of
 * `DELETE /calendars/{id}/` has no content, as the real answer has no body.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/databases.js';
import { CALENDAR_BASE, CRM_BASE } from '../support/meetings.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';

interface Operation {
  requestBody?: { required?: boolean; content?: Record<string, unknown> };
  responses: Record<string, { description?: string; content?: unknown }>;
}

describeEachDialect('request bodies and empty answers in the API docs', (context) => {
  let api: TestApi;
  let paths: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    api = await buildTestApi(context().store, {
      GOOGLE_CALENDAR_CLIENT_ID: 'client-id',
      GOOGLE_CALENDAR_CLIENT_SECRET: 'client-secret',
      MICROSOFT_CLIENT_ID: 'client-id',
      MICROSOFT_CLIENT_SECRET: 'client-secret',
    });
    paths = (await api.server.inject({ method: 'GET', url: '/api/docs/json' })).json().paths;
  });
  afterAll(async () => api?.close());

  const operation = (method: string, path: string): Operation | undefined => paths[path]?.[method];

  it.each([
    '/meetings/detect/',
    '/sync/',
    '/providers/google/connect/',
    '/providers/outlook/connect/',
    '/providers/google/disconnect/',
    '/providers/outlook/disconnect/',
    '/providers/{connectionId}/disconnect/',
  ])('POST %s documents a body that may be left out', (path) => {
    const body = operation('post', `${CALENDAR_BASE}${path}`)?.requestBody;
    expect(body?.content).toHaveProperty(['application/json']);
    expect(body?.required).toBe(false);
  });

  it.each([
    ['post', `${CALENDAR_BASE}/meetings/{id}/feedback/`],
    ['patch', `${CALENDAR_BASE}/calendars/{id}/`],
    ['post', `${CALENDAR_BASE}/providers/caldav/connect/`],
    ['post', `${CALENDAR_BASE}/providers/ics/connect/`],
    ['put', `${CRM_BASE}/accounts/`],
  ])('%s %s still requires its body', (method, path) => {
    expect(operation(method, path)?.requestBody?.required).toBe(true);
  });

  it('DELETE /calendars/{id}/ documents its 204 without content', () => {
    const responses = operation('delete', `${CALENDAR_BASE}/calendars/{id}/`)?.responses;
    expect(responses?.['204']).toEqual({ description: 'deleted' });
  });

  it('the description lists every error code with its status, the 415 included', async () => {
    const docs = await api.server.inject({ method: 'GET', url: '/api/docs/json' });
    const text: string = docs.json().info.description;
    expect(text).toMatch(/`invalid_input` \(400\)/);
    expect(text).toMatch(/`invalid_cursor` \(400\)/);
    expect(text).toMatch(/`unsupported_media_type` \(415\)/);
  });
});
