import { expect, it } from 'vitest';
import {
  buildEvent,
  describeEachDialect,
  seedTenant,
  seedUser,
} from '../../test/support/databases.js';
import type { Tenant } from '../../test/support/databases.js';
import type { Store } from './store.js';

/** Every way one tenant could name another's rows; each must find nothing and change nothing. */
async function expectSealedOff(store: Store, intruder: Tenant, victim: Tenant, eventId: string) {
  const { scope } = intruder;
  const { connection, calendar } = victim;
  expect(await store.connections.get(scope, connection.id)).toBeUndefined();
  expect(await store.connections.list(scope)).not.toContainEqual(
    expect.objectContaining({ id: connection.id }),
  );
  expect(await store.connections.updateStatus(scope, connection.id, 'error', 'x')).toBe(false);
  expect(await store.connections.updateSecrets(scope, connection.id, { stolen: 'yes' })).toBe(
    false,
  );
  expect(await store.connections.delete(scope, connection.id)).toBe(false);
  expect(await store.calendars.get(scope, calendar.id)).toBeUndefined();
  expect(await store.calendars.list(scope, { connectionId: connection.id })).toEqual([]);
  expect(await store.calendars.setSelected(scope, calendar.id, false)).toBe(false);
  expect(
    await store.calendars.upsert(scope, connection.id, {
      providerCalendarId: 'x',
      name: 'x',
      timeZone: null,
      isPrimary: false,
    }),
  ).toBeUndefined();
  expect(await store.syncStatus.get(scope, calendar.id)).toBeUndefined();
  expect(await store.syncStatus.markStarted(scope, calendar.id)).toBe(false);
  expect(
    await store.syncStatus.markFailed(scope, calendar.id, {
      kind: 'x',
      message: 'x',
      nextRunAt: null,
    }),
  ).toBe(false);
  expect(
    await store.syncStatus.markSucceeded(scope, calendar.id, {
      added: 0,
      updated: 0,
      deleted: 0,
      nextRunAt: null,
    }),
  ).toBe(false);
  expect(await store.syncStatus.setCursor(scope, calendar.id, 'stolen')).toBe(false);
  expect(await store.syncStatus.nextGeneration(scope, calendar.id)).toBeUndefined();
  expect(await store.events.get(scope, eventId)).toBeUndefined();
  expect((await store.events.list(scope, { calendarId: calendar.id })).items).toEqual([]);
  expect(await store.events.count(scope, { calendarId: calendar.id })).toBe(0);
  expect(await store.events.deleteNotInGeneration(scope, calendar.id, 99)).toBe(0);
  await expect(
    store.events.applyPage(
      scope,
      calendar.id,
      { upserts: [{ event: buildEvent(), raw: {} }], deletions: ['victim-event'] },
      1,
    ),
  ).rejects.toThrow(/does not belong/);
}

describeEachDialect('tenant isolation', (context) => {
  it("another organisation's or another user's ids give nothing and change nothing", async () => {
    const { store } = context();
    const victim = await seedTenant(store, 'victim');
    const outsider = await seedTenant(store, 'outsider');
    const colleague = await seedUser(store, victim.scope.orgId, 'colleague@acme.test');
    await store.events.applyPage(
      victim.scope,
      victim.calendar.id,
      {
        upserts: [{ event: buildEvent({ providerEventId: 'victim-event' }), raw: {} }],
        deletions: [],
      },
      1,
    );
    const [event] = (await store.events.list(victim.scope)).items;

    await expectSealedOff(store, outsider, victim, event!.id);
    await expectSealedOff(store, colleague, victim, event!.id);

    expect(await store.events.count(victim.scope)).toBe(1);
    expect((await store.connections.get(victim.scope, victim.connection.id))?.secrets).toEqual(
      victim.connection.secrets,
    );
    expect(await store.syncStatus.get(victim.scope, victim.calendar.id)).toMatchObject({
      state: 'idle',
      cursor: null,
    });
  });

  it('users, tokens, CRM records and the audit log stay within their organisation', async () => {
    const { store } = context();
    const a = await seedTenant(store, 'org-a');
    const b = await seedTenant(store, 'org-b');
    expect(await store.users.get({ orgId: b.scope.orgId, userId: a.scope.userId })).toBeUndefined();
    expect((await store.users.list({ orgId: b.scope.orgId })).map((u) => u.id)).toEqual([
      b.scope.userId,
    ]);
    const { apiToken } = await store.apiTokens.create(a.scope, 'a');
    expect(await store.apiTokens.list(b.scope)).toEqual([]);
    expect(await store.apiTokens.revoke(b.scope, apiToken.id)).toBe(false);
    const [account] = await store.crm.upsertAccounts({ orgId: a.scope.orgId }, [
      { externalId: 'x-1', name: 'A account' },
    ]);
    expect(await store.crm.listAccounts({ orgId: b.scope.orgId })).toEqual([]);
    // Same external id in another org is another record, and A's account cannot be linked from B.
    const [bAccount] = await store.crm.upsertAccounts({ orgId: b.scope.orgId }, [
      { externalId: 'x-1', name: 'B account' },
    ]);
    expect(bAccount!.id).not.toBe(account!.id);
    const [lead] = await store.crm.upsertLeads({ orgId: b.scope.orgId }, [
      { email: 'l@x.test', accountId: account!.id },
    ]);
    expect(lead!.accountId).toBeNull();
    await store.audit.append(a.scope, { action: 'connection.created', target: a.connection.id });
    expect(await store.audit.list({ orgId: b.scope.orgId })).toEqual([]);
    expect(await store.audit.list({ orgId: a.scope.orgId })).toHaveLength(1);
  });
});
