import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type {
  RelationshipDetail,
  RelationshipSummary,
} from '../../src/api/relationships-schemas.js';
import { taskHandlers } from '../../src/app/tasks.js';
import { describeEachDialect } from '../support/databases.js';
import {
  CALENDAR_BASE,
  importCalendar,
  putAcmeCrm,
  salesFeed,
  seedNorthwind,
} from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';
import { newRelationship } from '../support/relationship-meetings.js';

/** February's meetings with Acme: a discovery call on the 10th, weekly check-ins after it. */
const FEBRUARY = { day: '2026-02-10' };

describeEachDialect('relationships API', (context) => {
  let api: TestApi;
  let now = TEST_NOW;
  let token: string;
  let scope: { orgId: string; userId: string };
  let acmeId: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store, {}, () => now);
    api.app.queue.start(taskHandlers(api.app, () => now));
  });

  beforeEach(async () => {
    now = TEST_NOW;
    const seeded = await seedNorthwind(context().store);
    ({ token } = seeded);
    scope = { orgId: seeded.orgId, userId: seeded.userId };
    acmeId = await putAcmeCrm(api.server, token);
    await importCalendar(api.server, token, salesFeed(FEBRUARY));
    await api.app.queue.drain();
  });

  afterAll(async () => api.close());

  const get = (url: string, as = token) =>
    api.server.inject({ method: 'GET', url: `${CALENDAR_BASE}${url}`, headers: bearer(as) });
  const list = async (query = ''): Promise<RelationshipSummary[]> => {
    const response = await get(`/relationships/${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items;
  };
  const detail = async (key: string): Promise<RelationshipDetail> => {
    const response = await get(`/relationships/${encodeURIComponent(key)}/`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it('a sync that detects sales meetings builds the account’s relationship', async () => {
    const [acme, ...rest] = await list();
    expect(rest).toEqual([]);
    expect(acme).toMatchObject({
      accountKey: acmeId,
      accountId: acmeId,
      name: 'Acme Corp',
      stage: 'new',
      meetings: 4,
      ownerIds: [scope.userId],
      firstMeeting: '2026-02-10T15:00:00.000Z',
      lastMeeting: '2026-02-25T14:00:00.000Z',
    });
    expect(acme!.stageReasons.length).toBeGreaterThan(0);

    const story = await detail(acmeId);
    expect(story.timeline).toHaveLength(4);
    expect(story.series).toEqual([expect.objectContaining({ occurrences: 3, kind: 'provider' })]);
    expect(story.stakeholderDetails).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ email: 'cfo@acme.com', title: 'CFO', seniority: 'c_level' }),
      ]),
    );
    expect(story.stageChanges).toEqual([
      expect.objectContaining({ fromStage: null, toStage: 'new' }),
    ]);
  });

  it('a cancelled instance of a series counts as cancelled, not as skipped', async () => {
    await importCalendar(api.server, token, salesFeed({ ...FEBRUARY, cancelSecondCheckIn: true }));
    await api.app.queue.drain();
    const story = await detail(acmeId);
    expect(story.timeline).toHaveLength(3);
    expect(story.series).toEqual([
      expect.objectContaining({ occurrences: 3, held: 2, cancelled: 1, skipped: 0 }),
    ]);
  });

  it('filters by stage, trend and owner (id or email)', async () => {
    expect(await list('?stage=dormant')).toEqual([]);
    expect((await list('?stage=new')).map((r) => r.accountKey)).toEqual([acmeId]);
    expect((await list('?owner=ana@northwind.io')).map((r) => r.accountKey)).toEqual([acmeId]);
    expect((await list(`?owner=${scope.userId}`)).map((r) => r.accountKey)).toEqual([acmeId]);
    // An owner naming no one in the organisation is a 400, not an empty list (id-filters-api).
    expect((await get('/relationships/?owner=nobody@northwind.io')).statusCode).toBe(400);
    expect((await get('/relationships/?stage=thriving')).statusCode).toBe(400);
  });

  it('pages the list with a cursor bound to its filters', async () => {
    const others = ['domain:b.test', 'domain:c.test', 'domain:d.test', 'domain:e.test'];
    await context().store.relationships.save(
      { orgId: scope.orgId },
      others.map((accountKey, i) =>
        newRelationship(accountKey, { lastMeetingAt: `2026-01-0${i + 1}T10:00:00.000Z` }),
      ),
      [],
    );
    const everything = (await list()).map((r) => r.accountKey);
    expect(everything).toHaveLength(5);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await get(`/relationships/?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as { items: RelationshipSummary[]; nextCursor: string | null };
      seen.push(...body.items.map((r) => r.accountKey));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(everything);
    expect(pages).toBe(3);
    const first = (await get('/relationships/?limit=2')).json() as { nextCursor: string };
    const other = await get(`/relationships/?limit=2&stage=new&cursor=${first.nextCursor}`);
    expect(other.statusCode).toBe(400);
    expect(other.json().error.code).toBe('invalid_cursor');
  });

  it('a changed meeting recomputes its relationship; the event’s insights carry it', async () => {
    await importCalendar(api.server, token, salesFeed({ ...FEBRUARY, singleTitle: null }));
    await api.app.queue.drain();
    const [acme] = await list();
    expect(acme).toMatchObject({ meetings: 3, firstMeeting: '2026-02-11T14:00:00.000Z' });

    const { items } = (await get('/events/?limit=50&from=2026-02-01T00:00:00Z')).json();
    const checkIn = items.find((e: { title: string }) => e.title === 'Acme weekly check-in');
    const insights = (await get(`/events/${checkIn.id}/insights/`)).json();
    expect(insights.relationship).toMatchObject({ accountKey: acmeId, stage: 'new', meetings: 3 });
  });

  it('a deleted last meeting leaves the relationship at the next detection, though no other meeting changed', async () => {
    const { store } = context();
    const last = (await store.events.list(scope, { limit: 50 })).items.find(
      (stored) => stored.event.start === '2026-02-25T14:00:00.000Z',
    );
    const calendarId = last!.calendarId;
    // The sync deletes the event, and its meeting with it (cascade); nothing else changes.
    await store.events.applyPage(
      scope,
      calendarId,
      { upserts: [], deletions: [last!.event.providerEventId] },
      99,
    );
    await api.app.meetings.runDetectionJob(scope);
    const [acme] = await list();
    expect(acme).toMatchObject({ meetings: 3, lastMeeting: '2026-02-18T14:00:00.000Z' });
  });

  it('as time passes without meetings the daily recompute records the relationship going dormant', async () => {
    now = new Date('2026-06-30T12:00:00.000Z');
    await api.app.relationships.recomputeAll();
    const story = await detail(acmeId);
    expect(story.stage).toBe('dormant');
    expect(story.stageChanges.map((c) => [c.fromStage, c.toStage])).toEqual([
      [null, 'new'],
      ['new', 'dormant'],
    ]);
    expect(story.stageChanges[1]!.changedAt).toBe('2026-06-30T12:00:00.000Z');
  });

  it('another organisation sees none of it', async () => {
    const other = await seedNorthwind(context().store, 'Other');
    expect((await get('/relationships/', other.token)).json().items).toEqual([]);
    expect((await get(`/relationships/${acmeId}/`, other.token)).statusCode).toBe(404);
  });
});
