import { afterAll, beforeAll, expect, it } from 'vitest';
import { MEETING_TYPES, type MeetingModels } from '../../src/domain/detection/analyse.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import type { JobHandler } from '../../src/jobs/job-queue.js';
import { PermanentJobFailure } from '../../src/jobs/job-queue.js';
import { MeetingDetector } from '../../src/app/meetings/meeting-detector.js';
import { loadMeetingModels } from '../../src/app/meetings/meeting-models.js';
import {
  ADAPT_MEETING_MODEL,
  DETECT_MEETINGS_FOR_USER_TASK,
  taskHandlers,
} from '../../src/app/tasks.js';
import type { SyncPage } from '../../src/providers/provider.js';
import type { Store } from '../../src/store/store.js';
import { buildEvent, describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';
import { buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

const attendee = (email: string) => ({
  email,
  name: null,
  responseStatus: 'accepted' as const,
  optional: false,
  resource: false,
});

/** A meeting of the tenant's user (owner@acme.test, internal acme.test) with a customer. */
function customerMeeting(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return buildEvent({
    title: 'Customer discovery call',
    conferenceUrl: 'https://customer.zoom.us/j/123',
    attendees: [attendee('buyer@customer.test')],
    ...overrides,
  });
}

function page(events: CalendarEvent[], deletions: string[] = []): SyncPage {
  return {
    mode: 'delta',
    upserts: events.map((event) => ({ event, raw: {} })),
    deletions,
    issues: [],
    nextCursor: null,
    hasMore: false,
  };
}

async function seedCustomerCrm(store: Store, tenant: Tenant): Promise<string> {
  const [account] = await store.crm.upsertAccounts(tenant.scope, [
    { name: 'Customer', domains: ['customer.test'], stage: 'qualification' },
  ]);
  await store.crm.upsertContacts(tenant.scope, [
    { email: 'buyer@customer.test', name: 'Buyer', accountId: account!.id },
  ]);
  return account!.id;
}

/**
 * Models whose decisions are easy to foresee: an external attendee makes a sales meeting, and
 * the type says where the meeting falls in its account's history (first: discovery, second or
 * third: demo, later: follow_up).
 */
function historyModels(): MeetingModels {
  const weights = (named: Record<string, number>) => ({ named, hashed: {} });
  return {
    version: 'history-test',
    detection: {
      weights: weights({ has_external: 10, no_external: -10 }),
      calibration: { a: 1, b: 0 },
      threshold: 0.5,
    },
    types: {
      classes: [...MEETING_TYPES],
      weights: MEETING_TYPES.map((type) =>
        weights(
          type === 'discovery'
            ? { 'history:first': 10 }
            : type === 'demo'
              ? { 'history:early': 10 }
              : type === 'follow_up'
                ? { 'history:later': 10 }
                : {},
        ),
      ),
    },
  };
}

describeEachDialect(DETECT_MEETINGS_FOR_USER_TASK, (context) => {
  let api: TestApi;
  let handlers: Map<string, JobHandler>;
  const run = (name: string, payload: unknown) =>
    handlers.get(name)!(payload, {
      jobId: 'test',
      attempt: 1,
      signal: new AbortController().signal,
    });

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    handlers = taskHandlers(api.app, () => TEST_NOW);
  });

  afterAll(async () => api.close());

  const apply = (tenant: Tenant, events: CalendarEvent[], deletions: string[] = []) =>
    context().store.events.applyPage(
      tenant.scope,
      tenant.calendar.id,
      { upserts: events.map((event) => ({ event, raw: {} })), deletions },
      1,
    );
  const listed = async (tenant: Tenant) =>
    (await context().store.meetings.list(tenant.scope, { limit: 1000 })).items;

  it('stores the sales meetings of the sync window and removes those that no longer are', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'detect');
    const accountId = await seedCustomerCrm(store, tenant);
    const sale = customerMeeting({ start: '2026-03-04T15:00:00.000Z' });
    const cancelled = customerMeeting({ start: '2026-03-05T15:00:00.000Z', status: 'cancelled' });
    const internal = buildEvent({ title: 'Team standup', attendees: [attendee('bob@acme.test')] });
    const outside = customerMeeting({ start: '2028-01-04T15:00:00.000Z' });
    await apply(tenant, [sale, cancelled, internal, outside]);

    await run(DETECT_MEETINGS_FOR_USER_TASK, tenant.scope);
    const meetings = await listed(tenant);
    expect(meetings).toEqual([
      expect.objectContaining({
        title: 'Customer discovery call',
        start: sale.start,
        isSalesMeeting: true,
        source: 'model',
        accountId,
        meetingType: expect.any(String),
      }),
    ]);
    expect(meetings[0]!.participants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          email: 'buyer@customer.test',
          internal: false,
          accountId,
          contactId: expect.any(String),
        }),
        expect.objectContaining({ email: 'owner@acme.test', internal: true, organizer: true }),
      ]),
    );

    // The meeting turns internal: the next run removes it. Running twice changes nothing more.
    await apply(tenant, [{ ...sale, title: 'Focus time', attendees: [] }]);
    await run(DETECT_MEETINGS_FOR_USER_TASK, tenant.scope);
    expect(await listed(tenant)).toEqual([]);
    await run(DETECT_MEETINGS_FOR_USER_TASK, tenant.scope);
    expect(await listed(tenant)).toEqual([]);
  });

  it('a range limits the run to the events in it; a bad payload fails for good', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'detect');
    await seedCustomerCrm(store, tenant);
    const early = customerMeeting({ start: '2026-03-02T15:00:00.000Z' });
    const late = customerMeeting({ start: '2026-03-20T15:00:00.000Z' });
    await apply(tenant, [early, late]);
    await run(DETECT_MEETINGS_FOR_USER_TASK, {
      ...tenant.scope,
      from: '2026-03-10T00:00:00.000Z',
      to: '2026-03-31T00:00:00.000Z',
    });
    expect((await listed(tenant)).map((m) => m.start)).toEqual([late.start]);
    await expect(run(DETECT_MEETINGS_FOR_USER_TASK, { orgId: 'x' })).rejects.toThrow(
      PermanentJobFailure,
    );
    await expect(
      run(DETECT_MEETINGS_FOR_USER_TASK, { ...tenant.scope, from: 'yesterday' }),
    ).rejects.toThrow(PermanentJobFailure);
  });

  it("feeds each account's history to the type model in start order, counting meetings before the range", async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'history');
    await seedCustomerCrm(store, tenant);
    const starts = ['01', '08', '15', '22', '29'].map((d) => `2026-03-${d}T10:00:00.000Z`);
    // Stored out of order: the run must still see them by start.
    await apply(
      tenant,
      [...starts].reverse().map((start) => customerMeeting({ start, title: 'Customer call' })),
    );
    const detector = new MeetingDetector(store, historyModels);
    const range = { from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };
    await detector.detectRange(tenant.scope, range);
    const types = async () => (await listed(tenant)).map((m) => m.meetingType);
    expect(await types()).toEqual(['discovery', 'demo', 'demo', 'follow_up', 'follow_up']);
    // From the middle: the two meetings before the range still count.
    const later = { from: new Date('2026-03-14T00:00:00Z'), to: range.to };
    const summary = await detector.detectRange(tenant.scope, later);
    expect(summary).toMatchObject({ analysed: 3, salesMeetings: 3, unchanged: 3 });
    expect(await types()).toEqual(['discovery', 'demo', 'demo', 'follow_up', 'follow_up']);
  });

  it('a long run lets the event loop turn, so requests in the same process are not held up', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'turns');
    const events = Array.from({ length: 1000 }, (_, i) =>
      customerMeeting({
        start: new Date(Date.parse('2026-03-02T08:00:00Z') + i * 3_600_000).toISOString(),
      }),
    );
    await apply(tenant, events);
    let turns = 0;
    let running = true;
    const turn = () => {
      turns += 1;
      if (running) setImmediate(turn);
    };
    setImmediate(turn);
    const detector = new MeetingDetector(store, historyModels);
    const range = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-06-01T00:00:00Z') };
    const summary = await detector.detectRange(tenant.scope, range);
    running = false;
    expect(summary.analysed).toBe(1000);
    // At least one turn per 200 events; SQLite's queries alone never gave one.
    expect(turns).toBeGreaterThanOrEqual(5);
  });

  it('a sync that changes events queues one detection per user; one that changes nothing queues none', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'sync');
    await seedCustomerCrm(store, tenant);
    const waiting = async () =>
      (
        await store.jobs.list({
          name: DETECT_MEETINGS_FOR_USER_TASK,
          status: 'queued',
          limit: 1000,
        })
      ).filter((job) => (job.payload as { userId: string }).userId === tenant.scope.userId);
    const sync = (event: CalendarEvent) =>
      api.app.engine.syncCalendar(tenant.scope, tenant.calendar.id, { pages: [page([event])] });
    const event = customerMeeting();
    await sync(event);
    await sync({ ...event, title: 'Customer demo' });
    expect(await waiting()).toEqual([expect.objectContaining({ payload: tenant.scope })]);
    api.app.queue.start(handlers);
    await api.app.queue.drain();
    await api.app.queue.stop();
    expect((await listed(tenant)).map((m) => m.title)).toEqual(['Customer demo']);
    await sync({ ...event, title: 'Customer demo' });
    expect(await waiting()).toEqual([]);
  });

  it(`${ADAPT_MEETING_MODEL} fits the organisation's adjustment from its feedback, which detection then uses`, async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'adapt');
    await seedCustomerCrm(store, tenant);
    await apply(tenant, [customerMeeting({ start: '2026-03-09T15:00:00.000Z' })]);
    await run(DETECT_MEETINGS_FOR_USER_TASK, tenant.scope);
    const [meeting] = await listed(tenant);
    await api.app.meetings.feedback(tenant.scope, meeting!.id, {
      verdict: 'confirm',
      meetingType: 'closing',
    });
    await run(ADAPT_MEETING_MODEL, { orgId: tenant.scope.orgId });
    const adjustment = await store.meetings.getAdjustment(tenant.scope);
    expect(adjustment).toMatchObject({ feedbackCount: 1 });
    expect(Object.keys(adjustment!.adjustment.detection.named).length).toBeGreaterThan(0);
    const org = await new MeetingDetector(store, loadMeetingModels).organisation(tenant.scope);
    expect(org.adjustment).not.toBeNull();
    await expect(run(ADAPT_MEETING_MODEL, {})).rejects.toThrow(PermanentJobFailure);
  });
});
