/**
 * The OpenAPI text of `POST /sync/` says what the route does: a calendar its provider no longer
 * lists is left out of a sync of many and is a 409 when asked for by id, and a sync not limited
 * to one calendar also lists the caller's calendars again (calendar discovery), which is how a
 * calendar created or shared since connecting is found.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/databases.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';

const SYNC = '/api/v1/calendar/sync/';

describeEachDialect('POST /sync/ in the API docs', (context) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
  });
  afterAll(async () => api?.close());

  it('documents the 409 for a calendar no longer listed and the listing of calendars', async () => {
    const docs = (await api.server.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const post = docs.paths[SYNC]?.post;
    expect(Object.keys(post?.responses ?? {})).toContain('409');
    const text: string = post?.description ?? '';
    // Each reason for a 409, with its code.
    expect(text).toMatch(/`imported_calendar`[^.]*file/);
    expect(text).toMatch(/`conflict`[^.]*disconnected/);
    expect(text).toMatch(/`conflict`[^.]*no longer lists/);
    // Without a calendarId, the caller's calendar lists are read again.
    expect(text).toMatch(/[Ww]ithout `calendarId`[^.]*lists? [^.]*again/);
    expect(text).toMatch(/created or shared/);
    expect(text).toMatch(/missingSince/);
    expect(text).toMatch(/`calintel sync` lists them again too/);
  });
});
