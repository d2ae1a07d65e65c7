import { expect, it } from 'vitest';
import { queryPlan } from '../../test/support/query-plan.js';
import {
  buildEvent,
  describeEachDialect,
  seedTenant,
  seedUser,
} from '../../test/support/databases.js';
import type { Tenant } from '../../test/support/databases.js';
import { deleteEventsEndedBefore, expiredBatchQuery } from './events-retention.repository.js';
import type { Store } from './store.js';

const CUTOFF = new Date('2025-03-01T00:00:00.000Z');

/** Stores events with these [start, end] times in the tenant's calendar; returns their ids. */
async function storeEvents(store: Store, tenant: Tenant, times: Array<[string, string]>) {
  const events = times.map(([start, end]) => buildEvent({ start, end }));
  await store.events.applyPage(
    tenant.scope,
    tenant.calendar.id,
    { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
    1,
  );
  return events.map((event) => event.providerEventId);
}

async function remaining(store: Store, tenant: Tenant): Promise<string[]> {
  const { items } = await store.events.list(tenant.scope, { limit: 5000 });
  return items.map((item) => item.event.providerEventId).sort();
}

describeEachDialect('events retention', (context) => {
  it('deletes the events that ended before the cutoff, and keeps one still running at it', async () => {
    const { store } = context();
    const tenant = await seedTenant(store);
    const [old, endsAtCutoff, spansCutoff, recent] = await storeEvents(store, tenant, [
      ['2024-01-10T09:00:00.000Z', '2024-01-10T10:00:00.000Z'],
      ['2025-02-28T23:00:00.000Z', '2025-03-01T00:00:00.000Z'],
      ['2025-02-28T12:00:00.000Z', '2025-03-02T12:00:00.000Z'],
      ['2026-03-04T15:00:00.000Z', '2026-03-04T16:00:00.000Z'],
    ]);
    expect(await store.events.deleteEndedBefore(tenant.scope, CUTOFF)).toBe(1);
    expect(await remaining(store, tenant)).toEqual([endsAtCutoff, spansCutoff, recent].sort());
    expect(await remaining(store, tenant)).not.toContain(old);
  });

  it("brings the calendar's stored event count down to what is left", async () => {
    const { store } = context();
    const tenant = await seedTenant(store);
    await storeEvents(store, tenant, [
      ['2024-01-10T09:00:00.000Z', '2024-01-10T10:00:00.000Z'],
      ['2024-02-10T09:00:00.000Z', '2024-02-10T10:00:00.000Z'],
      ['2026-03-04T15:00:00.000Z', '2026-03-04T16:00:00.000Z'],
    ]);
    await store.syncStatus.recountEvents(tenant.scope, tenant.calendar.id);
    const counted = async () =>
      (await store.syncStatus.get(tenant.scope, tenant.calendar.id))?.eventsCount;
    expect(await counted()).toBe(3);
    expect(await store.events.deleteEndedBefore(tenant.scope, CUTOFF)).toBe(2);
    expect(await counted()).toBe(1);
  });

  it("a user's cleanup leaves their teammates' and other organisations' events alone", async () => {
    const { store } = context();
    const ana = await seedTenant(store, 'ana');
    const ben = await seedUser(store, ana.scope.orgId, `ben-${Math.random()}@acme.test`);
    const other = await seedTenant(store, 'other');
    const longAgo: [string, string] = ['2024-01-10T09:00:00.000Z', '2024-01-10T10:00:00.000Z'];
    await storeEvents(store, ana, [longAgo]);
    const [bens] = await storeEvents(store, ben, [longAgo]);
    const [others] = await storeEvents(store, other, [longAgo]);

    expect(await store.events.deleteEndedBefore(ana.scope, CUTOFF)).toBe(1);
    expect(await remaining(store, ana)).toEqual([]);
    expect(await remaining(store, ben)).toEqual([bens]);
    expect(await remaining(store, other)).toEqual([others]);

    // An organisation's cleanup reaches all its users, still no one else.
    expect(await store.events.deleteEndedBefore({ orgId: ana.scope.orgId }, CUTOFF)).toBe(1);
    expect(await remaining(store, ben)).toEqual([]);
    expect(await remaining(store, other)).toEqual([others]);
  });

  it('the global cleanup reaches every tenant, in batches', async () => {
    const { store, database } = context();
    const tenants = [await seedTenant(store, 'one'), await seedTenant(store, 'two')];
    for (const tenant of tenants) {
      await storeEvents(store, tenant, [
        ['2024-01-10T09:00:00.000Z', '2024-01-10T10:00:00.000Z'],
        ['2024-02-10T09:00:00.000Z', '2024-02-10T10:00:00.000Z'],
        ['2024-03-10T09:00:00.000Z', '2024-03-10T10:00:00.000Z'],
      ]);
    }
    const [recent] = await storeEvents(store, tenants[0]!, [
      ['2026-03-04T15:00:00.000Z', '2026-03-04T16:00:00.000Z'],
    ]);
    // The earlier tests' tenants share this database: at least our six go.
    const deleted = await deleteEventsEndedBefore(database.db, 'all', CUTOFF, { batchSize: 2 });
    expect(deleted).toBeGreaterThanOrEqual(6);
    expect(await remaining(store, tenants[0]!)).toEqual([recent]);
    expect(await remaining(store, tenants[1]!)).toEqual([]);
  });

  it("an organisation's cleanup goes on in batches past the events it keeps", async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'batched');
    const kept = await storeEvents(store, tenant, [
      ['2026-03-04T15:00:00.000Z', '2026-03-04T16:00:00.000Z'],
      ['2026-03-05T15:00:00.000Z', '2026-03-05T16:00:00.000Z'],
    ]);
    await storeEvents(store, tenant, [
      ['2024-01-10T09:00:00.000Z', '2024-01-10T10:00:00.000Z'],
      ['2024-02-10T09:00:00.000Z', '2024-02-10T10:00:00.000Z'],
      ['2024-03-10T09:00:00.000Z', '2024-03-10T10:00:00.000Z'],
    ]);
    const org = { orgId: tenant.scope.orgId };
    const deleted = await deleteEventsEndedBefore(context().database.db, org, CUTOFF, {
      batchSize: 2,
    });
    expect(deleted).toBe(3);
    expect(await remaining(store, tenant)).toEqual([...kept].sort());
  });

  it("every tenant's cleanup reads on in order of id, never from the start again", async () => {
    const { database, dialect } = context();
    if (dialect !== 'sqlite') return; // PostgreSQL plans by its statistics
    const query = expiredBatchQuery(database.db, 'all', '2025', 'x', 2).compile();
    const plan = await queryPlan(database.db, query);
    expect(plan).toEqual([
      expect.stringMatching(
        /^SEARCH calendar_events USING INDEX sqlite_autoindex_calendar_events_\d \(id>\?\)$/,
      ),
    ]);
    const user = expiredBatchQuery(
      database.db,
      { orgId: 'o', userId: 'u' },
      '2025',
      '',
      2,
    ).compile();
    const userPlan = await queryPlan(database.db, user);
    expect(userPlan).toEqual([
      'SEARCH calendar_events USING INDEX calendar_events_user_start_index (user_id=? AND start_at<?)',
    ]);
  });
});
