import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../../test/support/databases.js';
import type { RelationshipDraft } from './store.js';

const KEY = 'domain:customer.test';
const FIRST_MEETING = '2026-03-01T10:00:00.000Z';

function relationship(overrides: Partial<RelationshipDraft> = {}): RelationshipDraft {
  return {
    accountKey: KEY,
    accountId: null,
    name: 'customer.test',
    stage: 'new',
    stageReasons: ['first meeting 3 days ago (2026-03-01)'],
    stageReasonParts: [[{ text: 'first meeting ' }, { daysAgo: FIRST_MEETING }]],
    cadenceTrend: 'unknown',
    durationTrend: 'unknown',
    meetings: 1,
    lastMeetingAt: FIRST_MEETING,
    ownerIds: [],
    analysis: { timeline: [] },
    ...overrides,
  };
}

const t = (day: number) => new Date(Date.UTC(2026, 2, day));

describeEachDialect('relationship stage changes', (context) => {
  it('records a stage change only when the stage changes, oldest first', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store, 'relationships');
    const org = { orgId: scope.orgId };
    expect(await store.relationships.save(org, [relationship()], [], t(4))).toMatchObject({
      stageChanges: 1,
    });
    await store.relationships.save(org, [relationship({ meetings: 2 })], [], t(5));
    await store.relationships.save(
      org,
      [
        relationship({
          stage: 'developing',
          stageReasons: ['a second meeting'],
          stageReasonParts: [[{ text: 'a second meeting' }]],
        }),
      ],
      [],
      t(20),
    );
    expect(
      (await store.relationships.stageChanges(org, KEY)).map(({ reasonParts: _, ...c }) => c),
    ).toEqual([
      {
        fromStage: null,
        toStage: 'new',
        reasons: ['first meeting 3 days ago (2026-03-01)'],
        changedAt: t(4).toISOString(),
      },
      {
        fromStage: 'new',
        toStage: 'developing',
        reasons: ['a second meeting'],
        changedAt: t(20).toISOString(),
      },
    ]);
    expect(await store.relationships.get(org, KEY)).toMatchObject({
      stage: 'developing',
      meetings: 1,
      analysis: { timeline: [] },
    });
  });

  it('keeps each change’s reasons in parts, as they were given, beside the words', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store, 'relationships');
    const org = { orgId: scope.orgId };
    const atRisk = [
      [
        { text: 'no sales meeting for ' },
        { daysSince: FIRST_MEETING },
        { text: ' (last on ' },
        { date: FIRST_MEETING },
        { text: ')' },
      ],
      [{ text: 'one contact, then ' }, { elapsedSince: FIRST_MEETING, moreThan: 30 }],
    ];
    await store.relationships.save(org, [relationship()], [], t(4));
    await store.relationships.save(
      org,
      [
        relationship({
          stage: 'at_risk',
          stageReasons: ['no sales meeting for 40 days (last on 2026-03-01)', 'one contact'],
          stageReasonParts: atRisk,
        }),
      ],
      [],
      t(41),
    );
    expect(
      (await store.relationships.stageChanges(org, KEY)).map((c) => [c.toStage, c.reasonParts]),
    ).toEqual([
      ['new', [[{ text: 'first meeting ' }, { daysAgo: FIRST_MEETING }]]],
      ['at_risk', atRisk],
    ]);
  });
});
