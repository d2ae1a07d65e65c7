/**
 * The OpenAPI document describes what `POST /providers/ics/connect/` accepts: a JSON feed
 * subscription, a multipart upload, and a raw text/calendar body, each with its fields.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/databases.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';

const CONNECT = '/api/v1/calendar/providers/ics/connect/';

describeEachDialect('ICS connect in the API docs', (context) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
  });
  afterAll(async () => api?.close());

  it('documents the request body in its three media types', async () => {
    const docs = (await api.server.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const content = docs.paths[CONNECT]?.post?.requestBody?.content;
    expect(Object.keys(content ?? {}).sort()).toEqual([
      'application/json',
      'multipart/form-data',
      'text/calendar',
    ]);
    const json = content['application/json'].schema;
    expect(json.required).toEqual(['url']);
    expect(Object.keys(json.properties)).toEqual(['url', 'label']);
    expect(json.properties.label).toMatchObject({ type: 'string', maxLength: 200 });
    const form = content['multipart/form-data'].schema;
    expect(form.required).toEqual(['file']);
    expect(form.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(form.properties.label).toMatchObject({ type: 'string', maxLength: 200 });
    expect(content['text/calendar'].schema).toMatchObject({ type: 'string' });
    const query = docs.paths[CONNECT].post.parameters.map((p: { name: string }) => p.name);
    expect(query).toEqual(['label']);
  });
});
