import { afterAll, beforeAll, expect, it } from 'vitest';
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
import { INCREMENTAL_LIMIT } from '../../src/app/services/meetings.service.js';
import type { SyncPage } from '../../src/providers/provider.js';
import type { Store } from '../../src/store/store.js';
import { attendee, customerMeeting, historyModels } from '../support/detection-fixtures.js';
import { buildEvent, describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';
import { buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

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

  it('a job after the first detects only what changed since, and leaves what a full run would', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'incremental');
    await seedCustomerCrm(store, tenant);
    await store.crm.upsertAccounts(tenant.scope, [
      { name: 'Globex', domains: ['globex.test'], stage: 'qualification' },
    ]);
    const starts = ['02', '09', '16', '23'].map((d) => `2026-03-${d}T10:00:00.000Z`);
    const meetings = starts.map((start) => customerMeeting({ start, title: 'Customer call' }));
    const globex = customerMeeting({
      start: '2026-03-05T10:00:00.000Z',
      title: 'Call with Globex',
      attendees: [attendee('cto@globex.test')],
    });
    const fillers = Array.from({ length: 30 }, (_, i) =>
      buildEvent({
        start: `2026-04-${String(i + 1).padStart(2, '0')}T08:00:00.000Z`,
        title: 'Focus time',
        attendees: [],
      }),
    );
    await apply(tenant, [...meetings, globex, ...fillers]);
    const job = () => api.app.meetings.runDetectionJob(tenant.scope);
    const first = await job();
    expect(first.analysed).toBe(35);

    // An earlier meeting, one moved later, one moved to another account, one moved out of the
    // window, and an unrelated event renamed.
    const earlier = customerMeeting({ start: '2026-03-01T15:00:00.000Z', title: 'Intro' });
    const moved = { ...meetings[1]!, start: '2026-03-20T10:00:00.000Z' };
    moved.end = '2026-03-20T11:00:00.000Z';
    const toGlobex = { ...meetings[2]!, attendees: [attendee('cfo@globex.test')] };
    const outOfWindow = { ...meetings[3]!, start: '2028-01-03T10:00:00.000Z' };
    outOfWindow.end = '2028-01-03T11:00:00.000Z';
    await apply(tenant, [earlier, moved, toGlobex, outOfWindow, { ...fillers[0]!, title: 'Gym' }]);
    const incremental = await job();
    // Not the 36 events of the window: the 5 changed, and the later meetings of both accounts.
    expect(incremental.analysed).toBeLessThan(10);
    const after = await listed(tenant);
    expect(await api.app.meetings.detectNow(tenant.scope)).toMatchObject({
      created: 0,
      updated: 0,
      removed: 0,
    });
    expect(await listed(tenant)).toEqual(after);

    // Nothing changed since: nothing read.
    expect((await job()).analysed).toBe(0);
    // A deletion takes its meeting's place in the history with it: the whole window again.
    await apply(tenant, [], [earlier.providerEventId]);
    expect((await job()).analysed).toBeGreaterThan(30);
    // So does a CRM change, which may change every match, even with nothing synced.
    await api.app.meetings.queueForOrganisation({ orgId: tenant.scope.orgId });
    expect((await job()).analysed).toBeGreaterThan(30);
    expect((await job()).analysed).toBe(0);
  });

  it('more changes than are worth one by one, or other models, make the job a full one', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'incremental-limit');
    await seedCustomerCrm(store, tenant);
    await apply(tenant, [customerMeeting({ start: '2026-03-02T10:00:00.000Z' })]);
    const job = () => api.app.meetings.runDetectionJob(tenant.scope);
    await job();
    const many = Array.from({ length: INCREMENTAL_LIMIT + 1 }, (_, i) =>
      buildEvent({
        start: new Date(Date.parse('2026-03-03T00:00:00Z') + i * 3_600_000).toISOString(),
      }),
    );
    await apply(tenant, many);
    expect((await job()).analysed).toBe(INCREMENTAL_LIMIT + 2);

    // Another version of the models: everything again.
    await store.meetings.saveScan(
      tenant.scope,
      { cursor: await store.changes.latestCursor(tenant.scope), modelVersion: 'older' },
      await store.meetings.scan(tenant.scope),
    );
    expect((await job()).analysed).toBe(INCREMENTAL_LIMIT + 2);
    expect((await job()).analysed).toBe(0);
  });

  it("a change early in an account's history re-types its later meetings, and only those", async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'retype');
    await seedCustomerCrm(store, tenant);
    const starts = ['01', '08', '15', '22'].map((d) => `2026-03-${d}T10:00:00.000Z`);
    const meetings = starts.map((start) => customerMeeting({ start, title: 'Customer call' }));
    const other = buildEvent({ start: '2026-03-03T10:00:00.000Z', title: 'Focus', attendees: [] });
    await apply(tenant, [...meetings, other]);
    const detector = new MeetingDetector(store, historyModels);
    const range = { from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };
    await detector.detectRange(tenant.scope, range);
    const types = async () => (await listed(tenant)).map((m) => m.meetingType);
    expect(await types()).toEqual(['discovery', 'demo', 'demo', 'follow_up']);

    const first = customerMeeting({ start: '2026-02-20T10:00:00.000Z', title: 'Customer call' });
    await apply(tenant, [first]);
    const [stored] = await store.events.getMany(tenant.scope, [
      (await store.events.list(tenant.scope, { limit: 100, cursor: null })).items.find(
        (e) => e.event.providerEventId === first.providerEventId,
      )!.id,
    ]);
    const added = await detector.detectChanged(tenant.scope, range, [stored!]);
    expect(added).toMatchObject({ analysed: 5, created: 1, updated: 2 });
    expect(await types()).toEqual(['discovery', 'demo', 'demo', 'follow_up', 'follow_up']);
    expect(await detector.detectRange(tenant.scope, range)).toMatchObject({
      created: 0,
      updated: 0,
      removed: 0,
    });
    // An event outside the range whose meeting is not in it either is not read at all.
    const far = customerMeeting({ start: '2026-06-01T10:00:00.000Z' });
    await apply(tenant, [far]);
    const farStored = (
      await store.events.list(tenant.scope, { limit: 100, cursor: null })
    ).items.find((e) => e.event.providerEventId === far.providerEventId)!;
    expect(await detector.detectChanged(tenant.scope, range, [farStored])).toMatchObject({
      analysed: 0,
    });
  });

  it(`${ADAPT_MEETING_MODEL} fits the organisation's adjustment from its feedback, which detection then uses once there is enough of it`, async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'adapt');
    await seedCustomerCrm(store, tenant);
    const titles = ['Customer discovery call', 'Customer support escalation'];
    await apply(
      tenant,
      Array.from({ length: 12 }, (_, i) =>
        customerMeeting({
          title: titles[i % 2]!,
          start: new Date(Date.parse('2026-03-02T15:00:00.000Z') + i * 86_400_000).toISOString(),
          end: new Date(Date.parse('2026-03-02T16:00:00.000Z') + i * 86_400_000).toISOString(),
        }),
      ),
    );
    await run(DETECT_MEETINGS_FOR_USER_TASK, tenant.scope);
    const meetings = await listed(tenant);
    expect(meetings).toHaveLength(12);
    const organisation = () =>
      new MeetingDetector(store, loadMeetingModels).organisation(tenant.scope);
    // One verdict is applied to its meeting, and teaches the organisation's model nothing.
    await api.app.meetings.feedback(tenant.scope, meetings[0]!.id, {
      verdict: 'confirm',
      meetingType: 'closing',
    });
    await run(ADAPT_MEETING_MODEL, { orgId: tenant.scope.orgId });
    const one = await store.meetings.getAdjustment(tenant.scope);
    expect(one).toMatchObject({ feedbackCount: 1 });
    expect(one!.adjustment.detection).toEqual({ named: {}, hashed: {} });
    expect((await organisation()).adjustment).toBeNull();
    // Twelve, both ways: fitted, capped, and used.
    for (const [i, meeting] of meetings.entries())
      if (i > 0)
        await api.app.meetings.feedback(
          tenant.scope,
          meeting.id,
          i % 2 ? { verdict: 'reject' } : { verdict: 'confirm' },
        );
    await run(ADAPT_MEETING_MODEL, { orgId: tenant.scope.orgId });
    const twelve = await store.meetings.getAdjustment(tenant.scope);
    expect(twelve).toMatchObject({ feedbackCount: 12 });
    expect(Object.keys(twelve!.adjustment.detection.hashed).length).toBeGreaterThan(0);
    expect(twelve!.adjustment.maxShift).toEqual({
      detection: expect.any(Number),
      types: expect.any(Number),
    });
    expect((await organisation()).adjustment).toEqual(twelve!.adjustment);
    await expect(run(ADAPT_MEETING_MODEL, {})).rejects.toThrow(PermanentJobFailure);
  });
});
