import { expect, it } from 'vitest';
import {
  buildEvent,
  describeEachDialect,
  seedTenant,
  seedUser,
} from '../../test/support/databases.js';
import {
  decodeRelationshipCursor,
  encodeRelationshipCursor,
  InvalidCursorError,
  type MeetingDraft,
  type RelationshipDraft,
  type RelationshipPosition,
  type Store,
} from './store.js';
import type { Tenant } from '../../test/support/databases.js';

function relationship(overrides: Partial<RelationshipDraft> = {}): RelationshipDraft {
  return {
    accountKey: 'domain:customer.test',
    accountId: null,
    name: 'customer.test',
    stage: 'new',
    stageReasons: ['first meeting 3 days ago'],
    stageReasonParts: [[{ text: 'first meeting ' }, { daysAgo: '2026-03-01T10:00:00.000Z' }]],
    cadenceTrend: 'unknown',
    durationTrend: 'unknown',
    meetings: 1,
    lastMeetingAt: '2026-03-04T10:00:00.000Z',
    ownerIds: [],
    analysis: { timeline: [] },
    ...overrides,
  };
}

/** One stored event of the tenant with a sales meeting on it (account and contact optional). */
async function salesMeeting(
  store: Store,
  tenant: Tenant,
  start: string,
  meeting: Partial<MeetingDraft> = {},
): Promise<void> {
  const event = buildEvent({ start, end: start.replace('T10', 'T11') });
  await store.events.applyPage(
    tenant.scope,
    tenant.calendar.id,
    { upserts: [{ event, raw: {} }], deletions: [] },
    1,
  );
  const stored = (await store.events.list(tenant.scope, { limit: 100 })).items.find(
    (s) => s.event.providerEventId === event.providerEventId,
  )!;
  await store.meetings.save(tenant.scope, [
    {
      eventId: stored.id,
      calendarId: stored.calendarId,
      seriesId: null,
      title: event.title,
      start: event.start,
      end: event.end,
      isSalesMeeting: true,
      confidence: 0.9,
      meetingType: 'discovery',
      typeConfidence: 0.8,
      accountId: null,
      accountAmbiguous: false,
      relationshipKey: meeting.relationshipKey ?? meeting.accountId ?? 'domain:customer.test',
      externalDomains: ['customer.test'],
      reasons: [],
      modelVersion: 'test',
      source: 'model',
      participants: [],
      ...meeting,
    },
  ]);
}

describeEachDialect('relationships repository', (context) => {
  it('notes the relationship of a meeting deleted with its event, for the next update', async () => {
    const { store } = context();
    const rep = await seedTenant(store, 'relationships');
    const org = { orgId: rep.scope.orgId };
    await salesMeeting(store, rep, '2026-03-04T10:00:00.000Z', { relationshipKey: 'acc-9' });
    expect(await store.relationships.takeDirty(org)).toEqual([]);
    const [stored] = (await store.events.list(rep.scope, { limit: 10 })).items;
    await store.events.applyPage(
      rep.scope,
      rep.calendar.id,
      { upserts: [], deletions: [stored!.event.providerEventId] },
      2,
    );
    expect(await store.relationships.meetings(org)).toEqual([]);
    expect(await store.relationships.takeDirty(org)).toEqual(['acc-9']);
    expect(await store.relationships.takeDirty(org)).toEqual([]);
  });

  it('lists by stage, trend and owner, and never another organisation’s', async () => {
    const { store } = context();
    const a = await seedTenant(store, 'relationships');
    const b = await seedTenant(store, 'relationships');
    const org = { orgId: a.scope.orgId };
    await store.relationships.save(
      org,
      [
        relationship({ accountKey: 'k1', stage: 'established', ownerIds: [a.scope.userId] }),
        relationship({ accountKey: 'k2', stage: 'at_risk', cadenceTrend: 'slowing' }),
      ],
      [],
    );
    await store.relationships.save(
      { orgId: b.scope.orgId },
      [relationship({ accountKey: 'k3' })],
      [],
    );
    const keys = async (q: Parameters<Store['relationships']['list']>[1]) =>
      (await store.relationships.list(org, q)).map((r) => r.accountKey);
    expect(await keys({})).toEqual(['k1', 'k2']);
    expect(await keys({ stage: 'at_risk' })).toEqual(['k2']);
    expect(await keys({ cadenceTrend: 'slowing' })).toEqual(['k2']);
    expect(await keys({ ownerId: a.scope.userId })).toEqual(['k1']);
    expect(await store.relationships.get(org, 'k3')).toBeUndefined();
    await store.relationships.save(org, [], ['k2']);
    expect(await keys({})).toEqual(['k1']);
  });

  it('lists the most recently met first, and those not met yet last, on every database', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store, 'relationships');
    const org = { orgId: scope.orgId };
    await store.relationships.save(
      org,
      [
        relationship({ accountKey: 'a-none', lastMeetingAt: null }),
        relationship({ accountKey: 'b-old', lastMeetingAt: '2026-01-04T10:00:00.000Z' }),
        relationship({ accountKey: 'c-new', lastMeetingAt: '2026-03-04T10:00:00.000Z' }),
      ],
      [],
    );
    const keys = (await store.relationships.list(org, {})).map((r) => r.accountKey);
    expect(keys).toEqual(['c-new', 'b-old', 'a-none']);
  });

  it('pages through the list in its order, ties and the not-yet-met included, on every database', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store, 'relationships');
    const org = { orgId: scope.orgId };
    const at = (day: number) => `2026-03-${String(day).padStart(2, '0')}T10:00:00.000Z`;
    await store.relationships.save(
      org,
      [
        ...['k-a', 'k-b', 'k-c'].map((accountKey) =>
          relationship({ accountKey, lastMeetingAt: at(9) }),
        ),
        relationship({ accountKey: 'k-new', lastMeetingAt: at(20) }),
        relationship({ accountKey: 'k-old', lastMeetingAt: at(1) }),
        ...['n-a', 'n-b'].map((accountKey) => relationship({ accountKey, lastMeetingAt: null })),
      ],
      [],
    );
    const everything = (await store.relationships.list(org, {})).map((r) => r.accountKey);
    expect(everything).toEqual(['k-new', 'k-a', 'k-b', 'k-c', 'k-old', 'n-a', 'n-b']);
    for (const size of [1, 2, 3]) {
      const seen: string[] = [];
      let after: RelationshipPosition | undefined;
      for (;;) {
        const page = await store.relationships.list(org, {
          limit: size,
          ...(after ? { after } : {}),
        });
        seen.push(...page.map((r) => r.accountKey));
        const last = page[page.length - 1];
        if (page.length < size || !last) break;
        // Through the cursor, as the API hands it out.
        after = decodeRelationshipCursor(
          encodeRelationshipCursor({
            lastMeetingAt: last.lastMeetingAt,
            accountKey: last.accountKey,
          }),
        );
      }
      expect(seen).toEqual(everything);
    }
    expect(() => decodeRelationshipCursor('bm90LWEtY3Vyc29y')).toThrow(InvalidCursorError);
    expect(() =>
      decodeRelationshipCursor(
        encodeRelationshipCursor({ lastMeetingAt: 'soon', accountKey: 'k' }),
      ),
    ).toThrow(InvalidCursorError);
  });

  it('reads the organisation’s sales meetings across users, with CRM names and titles, by account', async () => {
    const { store } = context();
    const rep = await seedTenant(store, 'relationships');
    const colleague = await seedUser(store, rep.scope.orgId, `colleague-${Date.now()}@acme.test`);
    const org = { orgId: rep.scope.orgId };
    const [account] = await store.crm.upsertAccounts(org, [
      { name: 'Customer', domains: ['customer.test'] },
    ]);
    const [contact] = await store.crm.upsertContacts(org, [
      { email: 'cfo@customer.test', name: 'Sam', title: 'CFO', accountId: account!.id },
    ]);
    // The invitation names only the address; the CRM contact says who it is.
    const person = {
      email: 'cfo@customer.test',
      name: null,
      internal: false,
      resource: false,
      organizer: false,
      leadId: null,
      contactId: contact!.id,
      accountId: account!.id,
      responseStatus: 'accepted',
    };
    await salesMeeting(store, rep, '2026-03-04T10:00:00.000Z', {
      accountId: account!.id,
      participants: [person],
    });
    await salesMeeting(store, colleague, '2026-03-11T10:00:00.000Z', { accountId: account!.id });
    await salesMeeting(store, colleague, '2026-03-12T10:00:00.000Z');
    const forAccount = await store.relationships.meetings(org, { relationshipKey: account!.id });
    expect(forAccount.map((m) => [m.userId, m.start])).toEqual([
      [rep.scope.userId, '2026-03-04T10:00:00.000Z'],
      [colleague.scope.userId, '2026-03-11T10:00:00.000Z'],
    ]);
    expect(forAccount[0]).toMatchObject({
      accountName: 'Customer',
      status: 'confirmed',
      people: [
        expect.objectContaining({
          email: 'cfo@customer.test',
          name: 'Sam',
          title: 'CFO',
          internal: false,
        }),
      ],
    });
    const unmatched = await store.relationships.meetings(org, {
      relationshipKey: 'domain:customer.test',
    });
    expect(unmatched.map((m) => m.start)).toEqual(['2026-03-12T10:00:00.000Z']);
    expect(await store.relationships.meetings(org)).toHaveLength(3);
  });
});
