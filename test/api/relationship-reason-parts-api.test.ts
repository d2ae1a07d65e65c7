/**
 * Relationship reasons in parts (`stageReasonParts`, `reasonParts`, and each stage history
 * entry's `reasonParts`): the list, the detail and an event's insights give, beside each reason
 * in words, its parts, with the dates and day counts apart as instants; joined as of the analysis
 * in UTC they are the words; each recorded stage change's parts, joined as of when it was
 * recorded, are its words. A row stored before reasons had parts gives each reason's words as one
 * part.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type {
  RelationshipDetail,
  RelationshipReasonPart,
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

const DAY = 86_400_000;

/**
 * The parts written as the server writes its reasons: dates as UTC YYYY-MM-DD, day counts in
 * whole 24-hour periods up to `at`.
 */
function inWords(parts: readonly RelationshipReasonPart[], at: string): string {
  const date = (iso: string) => iso.slice(0, 10);
  const days = (iso: string) => Math.floor((Date.parse(at) - Date.parse(iso)) / DAY);
  const counted = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;
  return parts
    .map((part) => {
      if ('text' in part) return part.text;
      if ('date' in part) return date(part.date);
      if ('daysSince' in part) return counted(days(part.daysSince));
      if ('elapsedSince' in part) return counted(days(part.elapsedSince));
      if ('daysAgo' in part) {
        const n = days(part.daysAgo);
        return n === 0 ? `on ${date(part.daysAgo)}` : `${counted(n)} ago (${date(part.daysAgo)})`;
      }
      return String(Math.floor(part.days));
    })
    .join('');
}

function expectPartsAreTheReasons(summary: RelationshipSummary): void {
  expect(summary.stageReasonParts.map((p) => inWords(p, summary.computedAt))).toEqual(
    summary.stageReasons,
  );
  expect(summary.reasonParts.map((p) => inWords(p, summary.computedAt))).toEqual(summary.reasons);
}

describeEachDialect('relationship reasons in parts', (context) => {
  let api: TestApi;
  let now = TEST_NOW;
  let token: string;
  let acmeId: string;
  let scope: { orgId: string };

  beforeAll(async () => {
    api = await buildTestApi(context().store, {}, () => now);
    api.app.queue.start(taskHandlers(api.app, () => now));
  });

  beforeEach(async () => {
    now = TEST_NOW;
    const seeded = await seedNorthwind(context().store);
    token = seeded.token;
    scope = { orgId: seeded.orgId };
    acmeId = await putAcmeCrm(api.server, token);
    await importCalendar(api.server, token, salesFeed({ day: '2026-02-10' }));
    await api.app.queue.drain();
  });

  afterAll(async () => api.close());

  const get = async (url: string) => {
    const response = await api.server.inject({
      method: 'GET',
      url: `${CALENDAR_BASE}${url}`,
      headers: bearer(token),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it('the list and the detail give each reason in parts, its dates and day counts apart', async () => {
    const [acme]: RelationshipSummary[] = (await get('/relationships/')).items;
    expect(acme!.stage).toBe('new');
    expect(acme!.stageReasons).toEqual([
      'first sales meeting 18 days ago (2026-02-10), 4 so far; new for 30 days',
    ]);
    expect(acme!.stageReasonParts).toEqual([
      [
        { text: 'first sales meeting ' },
        { daysAgo: '2026-02-10T15:00:00.000Z', until: '2026-03-12T15:00:00.000Z' },
        { text: ', 4 so far; new for 30 days' },
      ],
    ]);
    expectPartsAreTheReasons(acme!);

    const story: RelationshipDetail = await get(`/relationships/${acmeId}/`);
    expect(story.stageReasonParts).toEqual(acme!.stageReasonParts);
    expectPartsAreTheReasons(story);
    for (const change of story.stageHistory)
      expect(change.reasonParts.map((p) => inWords(p, change.since))).toEqual(change.reasons);
    expect(story.stageHistory[0]!.reasonParts[0]).toContainEqual({
      daysAgo: '2026-02-10T15:00:00.000Z',
      until: '2026-03-12T15:00:00.000Z',
    });
  });

  it('a dormant account’s reason dates its last meeting and counts the days since it', async () => {
    now = new Date('2026-06-30T12:00:00.000Z');
    await api.app.relationships.recomputeAll();
    const story: RelationshipDetail = await get(`/relationships/${acmeId}/`);
    expect(story.stageReasonParts[0]).toEqual([
      { text: 'no sales meeting for ' },
      { daysSince: '2026-02-25T14:00:00.000Z' },
      { text: ' (last on ' },
      { date: '2026-02-25T14:00:00.000Z' },
      { text: '); dormant after 90' },
    ]);
    expectPartsAreTheReasons(story);
  });

  it('each recorded stage change gives its reasons in parts, counted up to when it was recorded', async () => {
    now = new Date('2026-06-30T12:00:00.000Z');
    await api.app.relationships.recomputeAll();
    const story: RelationshipDetail = await get(`/relationships/${acmeId}/`);
    expect(story.stageChanges.map((c) => [c.fromStage, c.toStage])).toEqual([
      [null, 'new'],
      ['new', 'dormant'],
    ]);
    for (const change of story.stageChanges)
      expect(change.reasonParts.map((p) => inWords(p, change.changedAt))).toEqual(change.reasons);
    expect(story.stageChanges[1]!.reasonParts[0]).toContainEqual({
      date: '2026-02-25T14:00:00.000Z',
    });
  });

  it('a stage change recorded before parts were kept gives each reason as its words', async () => {
    const { database } = context();
    await database.db
      .updateTable('relationship_stage_changes')
      .set({ reason_parts: null })
      .where('org_id', '=', scope.orgId)
      .execute();
    const [change] = (await get(`/relationships/${acmeId}/`)).stageChanges;
    expect(change.reasons.length).toBeGreaterThan(0);
    expect(change.reasonParts).toEqual(change.reasons.map((text: string) => [{ text }]));
  });

  it('an event’s insights carry the relationship’s reasons in parts', async () => {
    const { items } = await get('/events/?limit=50&from=2026-02-01T00:00:00Z');
    const insights = await get(`/events/${items[0].id}/insights/`);
    expect(insights.relationship.stageReasonParts).toHaveLength(1);
    expectPartsAreTheReasons(insights.relationship);
  });

  it('the API docs describe the parts and the day-count rule', async () => {
    const docs = (await api.server.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const summary = docs.components.schemas.RelationshipSummary.properties;
    expect(summary.stageReasonParts.description).toMatch(/calendar days of the reader's zone/);
    expect(summary.reasonParts.description).toMatch(/whole 24-hour periods/);
    expect(JSON.stringify(docs.components.schemas.RelationshipReasonPart)).toContain('daysAgo');
    const change = docs.components.schemas.RelationshipDetail.properties.stageChanges.items;
    expect(change.properties.reasonParts.description).toMatch(/counts them up to `changedAt`/);
  });

  it('a row stored before reasons had parts gives each reason as its words', async () => {
    const { store } = context();
    const [stored] = await store.relationships.list(scope, { limit: 10 });
    const document = { ...(stored!.analysis as Record<string, unknown>) };
    delete document['stageReasonParts'];
    delete document['reasonParts'];
    const { computedAt: _computedAt, ...draft } = stored!;
    await store.relationships.save(
      scope,
      [
        {
          ...draft,
          stageReasons: document['stageReasons'] as string[],
          stageReasonParts: [],
          analysis: document,
        },
      ],
      [],
      now,
    );
    const [acme]: RelationshipSummary[] = (await get('/relationships/')).items;
    expect(acme!.stageReasons).toHaveLength(1);
    expect(acme!.stageReasonParts).toEqual(acme!.stageReasons.map((text) => [{ text }]));
    expect(acme!.reasonParts).toEqual(acme!.reasons.map((text) => [{ text }]));
  });
});
