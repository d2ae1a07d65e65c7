/**
 * Every cursor the API did not give out is a 400 `invalid_cursor`, the code the docs tell
 * clients to restart paging on: a `since` of the change log that is not one, a page cursor sealed
 * with the deployment's key (which only a leaked key could make) but a position that is not one,
 * and a position whose text carries a NUL. A change-log cursor is refused by the lists as a cursor of another query,
 * whatever its bytes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import { conflictListQuerySchema } from '../../src/api/conflicts-schemas.js';
import { meetingListQuerySchema } from '../../src/api/meetings-schemas.js';
import {
  DIFFERENT_QUERY,
  requestCursors,
  type CursorOwner,
  type PagedList,
} from '../../src/api/page-cursor.js';
import { relationshipListQuerySchema } from '../../src/api/relationships-schemas.js';
import { eventListQuerySchema } from '../../src/api/schemas.js';
import { SecretBox } from '../../src/store/secret-box.js';
import { describeEachDialect } from '../support/databases.js';
import { CALENDAR_BASE, seedNorthwind } from '../support/meetings.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const LISTS: [PagedList, z.ZodType][] = [
  ['events', eventListQuerySchema],
  ['meetings', meetingListQuerySchema],
  ['conflicts', conflictListQuerySchema],
  ['relationships', relationshipListQuerySchema],
];

/** A cursor of `list` without filters, sealed for `owner` as the API seals them, at `position`. */
function boundCursor(
  list: PagedList,
  schema: z.ZodType,
  position: string,
  owner: CursorOwner,
): string {
  const query = schema.parse({}) as Record<string, unknown>;
  return requestCursors(list, query, owner).next(position) ?? '';
}

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describeEachDialect('cursors the API did not give out', (context) => {
  let api: TestApi;
  let token: string;
  let owner: CursorOwner;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    const ana = await seedNorthwind(context().store);
    token = ana.token;
    owner = {
      key: new SecretBox(api.app.config.secretKey).deriveKey('page-cursor'),
      userId: ana.userId,
    };
  });
  afterAll(async () => api?.close());

  const list = (url: string) =>
    api.server.inject({ method: 'GET', url: `${CALENDAR_BASE}${url}`, headers: bearer(token) });

  it.each(['garbage', 'not-a-cursor', 'Y2hnOi0x'])(
    'the change log with since=%s is a 400 invalid_cursor',
    async (since) => {
      const response = await list(`/events/changes/?since=${since}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toEqual({
        code: 'invalid_cursor',
        message: expect.stringMatching(/^querystring\.since: /),
      });
    },
  );

  it.each(LISTS)(
    'a %s cursor sealed with the key but a position that is not one is a 400 invalid_cursor',
    async (name, schema) => {
      for (const position of ['garbage', base64url('["2026-03-01T00:00:00.000Z"]')]) {
        const cursor = boundCursor(name, schema, position, owner);
        const response = await list(`/${name}/?cursor=${cursor}`);
        expect(response.statusCode, `${name} ${position}`).toBe(400);
        expect(response.json().error).toEqual({
          code: 'invalid_cursor',
          message: 'querystring.cursor: not a cursor this API gave out; start again without it',
        });
      }
    },
  );

  it.each(LISTS)(
    'a %s cursor whose position carries a NUL is a 400 invalid_cursor',
    async (name, schema) => {
      const cursor = boundCursor(name, schema, base64url('["\u0000","y"]'), owner);
      const response = await list(`/${name}/?cursor=${cursor}`);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toEqual({
        code: 'invalid_cursor',
        message: 'querystring.cursor: not a cursor this API returned; start again without it',
      });
    },
  );

  it('a change-log cursor used as a page cursor is refused as one, even when its bytes hold a NUL', async () => {
    // A change-log cursor is one AES block: 16 random bytes, a NUL among them one time in 16.
    const since = Buffer.from([0, ...Array.from({ length: 15 }, (_, i) => i + 1)]).toString(
      'base64url',
    );
    const response = await list(`/events/?cursor=${since}`);
    expect(response.json().error).toEqual({
      code: 'invalid_cursor',
      message: `querystring.cursor: ${DIFFERENT_QUERY}`,
    });
  });
});
