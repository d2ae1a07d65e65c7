/**
 * Changes outside a sync that change what the organisation's meetings are queue their detection
 * again at once, rather than waiting for the next sync or the daily run: a connection deleted
 * with its events (disconnect without keeping them), and new internal domains (users create).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RelationshipSummary } from '../../src/api/relationships-schemas.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import type { JobHandler } from '../../src/jobs/job-queue.js';
import { DETECT_MEETINGS_FOR_USER_TASK, taskHandlers } from '../../src/app/tasks.js';
import type { Store } from '../../src/store/store.js';
import { customerMeeting } from '../support/detection-fixtures.js';
import { describeEachDialect, seedTenant, seedUser, type Tenant } from '../support/databases.js';
import { CALENDAR_BASE } from '../support/meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

async function seedCustomerCrm(store: Store, tenant: Tenant): Promise<string> {
  const [account] = await store.crm.upsertAccounts(tenant.scope, [
    { name: 'Customer', domains: ['customer.test'], stage: 'qualification' },
  ]);
  await store.crm.upsertContacts(tenant.scope, [
    { email: 'buyer@customer.test', name: 'Buyer', accountId: account!.id },
  ]);
  return account!.id;
}

describeEachDialect('detection queued after an organisation-wide change', (context) => {
  let api: TestApi;
  let handlers: Map<string, JobHandler>;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    handlers = taskHandlers(api.app, () => TEST_NOW);
  });

  afterAll(async () => api.close());

  /** The detection jobs waiting for the organisation's users, by user id. */
  const waiting = async (orgId: string): Promise<string[]> =>
    (await context().store.jobs.list({ name: DETECT_MEETINGS_FOR_USER_TASK, limit: 1000 }))
      .filter((job) => job.status === 'queued')
      .map((job) => job.payload as { orgId: string; userId: string })
      .filter((payload) => payload.orgId === orgId)
      .map((payload) => payload.userId)
      .sort();
  const drain = async () => {
    api.app.queue.start(handlers);
    await api.app.queue.drain();
    await api.app.queue.stop();
  };
  const apply = (tenant: Tenant, calendarId: string, events: CalendarEvent[]) =>
    context().store.events.applyPage(
      tenant.scope,
      calendarId,
      { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
      1,
    );
  const starts = (tenant: Tenant) =>
    context()
      .store.meetings.list(tenant.scope, { limit: 1000 })
      .then((page) => page.items.map((m) => m.start));
  const relationships = async (tenant: Tenant): Promise<RelationshipSummary[]> => {
    const { token } = await context().store.apiTokens.create(tenant.scope, 'test');
    const response = await api.server.inject({
      url: `${CALENDAR_BASE}/relationships/`,
      headers: bearer(token),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items;
  };

  /**
   * Ana (two connections: `kept` and one of `provider` holding two meetings with Customer) and
   * Bob (one meeting with Customer), detected: one relationship with three meetings.
   */
  async function organisation(label: string, provider: string) {
    const { store } = context();
    const ana = await seedTenant(store, label);
    const bob = await seedUser(store, ana.scope.orgId, `bob-${label}@acme.test`);
    const accountId = await seedCustomerCrm(store, ana);
    const connection = await store.connections.create(ana.scope, {
      provider,
      label: 'Other',
      secrets: {},
      settings: {},
    });
    const calendar = await store.calendars.upsert(ana.scope, connection.id, {
      providerCalendarId: 'other',
      name: 'Other',
      timeZone: 'UTC',
      isPrimary: false,
    });
    await apply(ana, calendar!.id, [
      customerMeeting({ start: '2026-02-03T10:00:00.000Z' }),
      customerMeeting({ start: '2026-02-10T10:00:00.000Z' }),
    ]);
    await apply(bob, bob.calendar.id, [customerMeeting({ start: '2026-02-17T10:00:00.000Z' })]);
    await api.app.meetings.queueForOrganisation({ orgId: ana.scope.orgId });
    await drain();
    expect(await relationships(ana)).toEqual([
      expect.objectContaining({ accountId, meetings: 3, lastMeeting: '2026-02-17T10:00:00.000Z' }),
    ]);
    const { token } = await store.apiTokens.create(ana.scope, 'test');
    const disconnect = (keepEvents: boolean) =>
      api.server.inject({
        method: 'POST',
        url: `${CALENDAR_BASE}/providers/${connection.id}/disconnect/`,
        headers: bearer(token),
        payload: { keepEvents },
      });
    return { ana, bob, accountId, disconnect };
  }

  it.each(['ics', 'google'])(
    'a %s connection deleted with its events queues detection for the organisation; its meetings leave the relationship',
    async (provider) => {
      const { ana, bob, accountId, disconnect } = await organisation(`gone-${provider}`, provider);
      expect(await waiting(ana.scope.orgId)).toEqual([]);

      const response = await disconnect(false);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ eventsKept: false });
      expect(await waiting(ana.scope.orgId)).toEqual([ana.scope.userId, bob.scope.userId].sort());

      await drain();
      expect(await starts(ana)).toEqual([]);
      expect(await starts(bob)).toEqual(['2026-02-17T10:00:00.000Z']);
      expect(await relationships(ana)).toEqual([
        expect.objectContaining({
          accountId,
          meetings: 1,
          ownerIds: [bob.scope.userId],
          firstMeeting: '2026-02-17T10:00:00.000Z',
        }),
      ]);
    },
  );

  it('a disconnect that keeps the events, or a connection without events deleted, queues nothing', async () => {
    const { ana, disconnect } = await organisation('kept', 'ics');
    expect((await disconnect(true)).statusCode).toBe(200);
    expect(await waiting(ana.scope.orgId)).toEqual([]);

    const { store } = context();
    const empty = await store.connections.create(ana.scope, {
      provider: 'caldav',
      label: 'Empty',
      secrets: {},
      settings: {},
    });
    await api.app.connections.disconnect(ana.scope, empty.id, false);
    expect(await store.connections.get(ana.scope, empty.id)).toBeUndefined();
    expect(await waiting(ana.scope.orgId)).toEqual([]);
  });

  it('users create adding an internal domain queues detection for the organisation, after which its attendees are colleagues', async () => {
    const { store } = context();
    const ana = await seedTenant(store, 'domains');
    await seedCustomerCrm(store, ana);
    await apply(ana, ana.calendar.id, [customerMeeting({ start: '2026-02-03T10:00:00.000Z' })]);
    await api.app.meetings.runDetectionJob(ana.scope);
    const [meeting] = (await store.meetings.list(ana.scope, { limit: 10 })).items;
    expect(meeting?.participants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ email: 'buyer@customer.test', internal: false }),
      ]),
    );
    const orgName = (await store.organisations.get(ana.scope))!.name;
    const create = (email: string, internalDomains: string[]) =>
      api.app.admin.createUser({ email, orgName, name: null, timeZone: 'UTC', internalDomains });

    // Domains the organisation has already (in another spelling), or none: nothing to redo.
    await create('carol@acme.test', ['ACME.test']);
    await create('dan@acme.test', []);
    expect(await waiting(ana.scope.orgId)).toEqual([]);

    // customer.test turns out to be a sister company: its people are colleagues.
    const { user } = await create('erin@customer.test', ['customer.test']);
    expect(await waiting(ana.scope.orgId)).toContain(ana.scope.userId);
    expect(await waiting(ana.scope.orgId)).toContain(user.id);
    await drain();
    const after = (await store.meetings.list(ana.scope, { limit: 10 })).items;
    expect(
      after.flatMap((m) => m.participants).filter((p) => p.email === 'buyer@customer.test'),
    ).not.toContainEqual(expect.objectContaining({ internal: false }));
    // With no one outside left, it is no sales meeting any more.
    expect(after).toEqual([]);
  });
});
