import type { KyselyPlugin } from 'kysely';
import { expect, it } from 'vitest';
import {
  buildEvent,
  describeEachDialect,
  seedTenant,
  type Tenant,
} from '../../test/support/databases.js';
import { listMeetings } from './meetings.repository.js';
import type { MeetingDraft, Store, StoredEvent } from './store.js';

/** A sales-meeting draft for a stored event; a test overrides only what it is about. */
function buildDraft(stored: StoredEvent, overrides: Partial<MeetingDraft> = {}): MeetingDraft {
  return {
    eventId: stored.id,
    calendarId: stored.calendarId,
    seriesId: stored.event.seriesId,
    title: stored.event.title,
    start: stored.event.start,
    end: stored.event.end,
    isSalesMeeting: true,
    confidence: 0.9,
    meetingType: 'discovery',
    typeConfidence: 0.8,
    accountId: null,
    accountAmbiguous: false,
    relationshipKey: 'domain:customer.test',
    externalDomains: ['customer.test'],
    reasons: ['1 external attendee from customer.test'],
    modelVersion: 'test',
    source: 'model',
    participants: [
      {
        email: 'buyer@customer.test',
        name: 'Buyer',
        internal: false,
        resource: false,
        organizer: false,
        leadId: null,
        contactId: null,
        accountId: null,
        responseStatus: 'accepted',
      },
    ],
    ...overrides,
  };
}

async function storeEvents(store: Store, tenant: Tenant, starts: string[]): Promise<StoredEvent[]> {
  const events = starts.map((start) => buildEvent({ start }));
  await store.events.applyPage(
    tenant.scope,
    tenant.calendar.id,
    { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
    1,
  );
  const page = await store.events.list(tenant.scope, { limit: 100 });
  return events.map((e) => page.items.find((s) => s.event.providerEventId === e.providerEventId)!);
}

describeEachDialect('meetings repository', (context) => {
  it('writes a meeting once: saving the same draft again changes nothing, a changed one updates it in place', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'meetings');
    const [stored] = await storeEvents(store, tenant, ['2026-03-04T15:00:00.000Z']);
    const draft = buildDraft(stored!);
    expect(await store.meetings.save(tenant.scope, [draft])).toMatchObject({ created: 1 });
    const first = await store.meetings.getByEvent(tenant.scope, stored!.id);
    expect(await store.meetings.save(tenant.scope, [draft])).toMatchObject({ unchanged: 1 });
    const changed = { ...draft, meetingType: 'demo' as const, participants: [] };
    expect(await store.meetings.save(tenant.scope, [changed])).toMatchObject({ updated: 1 });
    const after = await store.meetings.getByEvent(tenant.scope, stored!.id);
    expect(after).toMatchObject({ id: first!.id, meetingType: 'demo', participants: [] });
    expect(first?.participants).toEqual([
      expect.objectContaining({ email: 'buyer@customer.test' }),
    ]);
  });

  it("names a participant the invitation left unnamed from the CRM contact, and keeps the invitation's name", async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'meetings');
    const [stored] = await storeEvents(store, tenant, ['2026-03-04T17:00:00.000Z']);
    const org = { orgId: tenant.scope.orgId };
    const [contact, named] = await store.crm.upsertContacts(org, [
      { email: 'buyer@customer.test', name: 'Jane Buyer' },
      { email: 'cfo@customer.test', name: 'Sam (CRM)' },
    ]);
    const person = buildDraft(stored!).participants[0]!;
    await store.meetings.save(tenant.scope, [
      buildDraft(stored!, {
        participants: [
          { ...person, name: null, contactId: contact!.id },
          { ...person, email: 'cfo@customer.test', name: 'Sam Lee', contactId: named!.id },
        ],
      }),
    ]);
    const meeting = await store.meetings.getByEvent(tenant.scope, stored!.id);
    expect(meeting?.participants.map((p) => [p.email, p.name])).toEqual([
      ['buyer@customer.test', 'Jane Buyer'],
      ['cfo@customer.test', 'Sam Lee'],
    ]);
  });

  it('reads a page of 100 meetings with their participants and their CRM ids in two statements', async () => {
    const { store, database } = context();
    const tenant = await seedTenant(store, 'meetings');
    const starts = Array.from({ length: 100 }, (_, i) =>
      new Date(Date.UTC(2026, 2, 1, 9) + i * 3_600_000).toISOString(),
    );
    const events = await storeEvents(store, tenant, starts);
    const org = { orgId: tenant.scope.orgId };
    const [account] = await store.crm.upsertAccounts(org, [
      { externalId: 'acc-ext', name: 'Customer', domains: ['customer.test'] },
    ]);
    const [contact] = await store.crm.upsertContacts(org, [
      { externalId: 'con-ext', email: 'buyer@customer.test', accountId: account!.id },
    ]);
    await store.meetings.save(
      tenant.scope,
      events.map((stored) => {
        const person = buildDraft(stored).participants[0]!;
        return buildDraft(stored, {
          participants: [{ ...person, contactId: contact!.id, accountId: account!.id }],
        });
      }),
    );
    let statements = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        statements += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const page = await listMeetings(database.db.withPlugin(counting), tenant.scope, { limit: 100 });
    expect(page.items).toHaveLength(100);
    // One for the meetings, one for all their participants: none per meeting or per person.
    expect(statements).toBe(2);
    for (const meeting of page.items)
      expect(meeting.participants).toMatchObject([
        { contactExternalId: 'con-ext', accountExternalId: 'acc-ext', leadExternalId: null },
      ]);
  });

  it('says which relationships a write touched: the key before and after, and the removed one', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'meetings');
    const [stored] = await storeEvents(store, tenant, ['2026-03-04T16:00:00.000Z']);
    const draft = buildDraft(stored!);
    expect((await store.meetings.save(tenant.scope, [draft])).touchedKeys).toEqual([
      'domain:customer.test',
    ]);
    expect((await store.meetings.save(tenant.scope, [draft])).touchedKeys).toEqual([]);
    const moved = { ...draft, relationshipKey: 'acc-1' };
    expect((await store.meetings.save(tenant.scope, [moved])).touchedKeys).toEqual([
      'domain:customer.test',
      'acc-1',
    ]);
    expect(await store.meetings.remove(tenant.scope, [stored!.id])).toEqual({
      removed: 1,
      touchedKeys: ['acc-1'],
    });
  });

  it('a meeting goes with its event: deleting the event deletes the meeting and its participants', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'meetings');
    const [stored] = await storeEvents(store, tenant, ['2026-03-05T15:00:00.000Z']);
    await store.meetings.save(tenant.scope, [buildDraft(stored!)]);
    await store.events.applyPage(
      tenant.scope,
      tenant.calendar.id,
      { upserts: [], deletions: [stored!.event.providerEventId] },
      2,
    );
    expect(await store.meetings.getByEvent(tenant.scope, stored!.id)).toBeUndefined();
    // A draft for an event deleted meanwhile is skipped, not a foreign-key failure.
    expect(await store.meetings.save(tenant.scope, [buildDraft(stored!)])).toMatchObject({
      skipped: 1,
    });
  });

  it('lists sales meetings by start with filters and a keyset cursor; rejected ones are not listed', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'meetings');
    const [account] = await store.crm.upsertAccounts(tenant.scope, [
      { name: 'Customer', externalId: 'crm-1', stage: 'demo' },
    ]);
    const events = await storeEvents(store, tenant, [
      '2026-03-02T10:00:00.000Z',
      '2026-03-03T10:00:00.000Z',
      '2026-03-04T10:00:00.000Z',
      '2026-03-05T10:00:00.000Z',
    ]);
    await store.meetings.save(tenant.scope, [
      buildDraft(events[0]!, { accountId: account!.id, confidence: 0.95 }),
      buildDraft(events[1]!, { meetingType: 'demo', confidence: 0.7 }),
      buildDraft(events[2]!, { accountId: account!.id, confidence: 0.9 }),
      buildDraft(events[3]!, { isSalesMeeting: false, source: 'feedback', confidence: 0 }),
    ]);
    const first = await store.meetings.list(tenant.scope, { limit: 2 });
    expect(first.items.map((m) => m.eventId)).toEqual([events[0]!.id, events[1]!.id]);
    const second = await store.meetings.list(tenant.scope, { limit: 2, cursor: first.nextCursor });
    expect(second.items.map((m) => m.eventId)).toEqual([events[2]!.id]);
    expect(second.nextCursor).toBeNull();
    const filtered = await store.meetings.list(tenant.scope, {
      accountId: account!.id,
      minConfidence: 0.9,
      from: '2026-03-02T12:00:00.000Z',
    });
    expect(filtered.items).toEqual([
      expect.objectContaining({
        eventId: events[2]!.id,
        account: { id: account!.id, externalId: 'crm-1', name: 'Customer', stage: 'demo' },
      }),
    ]);
    const demos = await store.meetings.list(tenant.scope, { meetingType: 'demo' });
    expect(demos.items.map((m) => m.eventId)).toEqual([events[1]!.id]);
    const history = await store.meetings.accountHistoryBefore(
      tenant.scope,
      '2026-03-05T00:00:00.000Z',
    );
    expect(history.get(account!.id)).toEqual({ count: 2, firstStart: events[0]!.event.start });
  });

  it("another user's scope reaches none of the meetings, and cannot remove them", async () => {
    const { store } = context();
    const owner = await seedTenant(store, 'meetings');
    const intruder = await seedTenant(store, 'intruder');
    const [stored] = await storeEvents(store, owner, ['2026-03-06T10:00:00.000Z']);
    await store.meetings.save(owner.scope, [buildDraft(stored!)]);
    const meeting = await store.meetings.getByEvent(owner.scope, stored!.id);
    expect(await store.meetings.get(intruder.scope, meeting!.id)).toBeUndefined();
    expect(await store.meetings.getByEvent(intruder.scope, stored!.id)).toBeUndefined();
    expect((await store.meetings.list(intruder.scope)).items).toEqual([]);
    expect(await store.meetings.remove(intruder.scope, [stored!.id])).toEqual({
      removed: 0,
      touchedKeys: [],
    });
    // Saving a draft for someone else's event is skipped: the event is not in the scope.
    expect(await store.meetings.save(intruder.scope, [buildDraft(stored!)])).toMatchObject({
      skipped: 1,
    });
    expect(await store.meetings.get(owner.scope, meeting!.id)).toMatchObject({
      userId: owner.scope.userId,
    });
  });
});
