/**
 * Detection after a sync reads only what changed (MeetingsService.detectSinceLastScan,
 * MeetingDetector.detectChanged). Each case runs the same events and changes in two tenants:
 * one detected by the job, one by full runs over the window; the meetings must come out equal.
 * The models type a meeting by where it falls in its account's history, so any meeting
 * counted twice or missed shows. (The cases come from a review of the change.)
 */
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { MeetingDetector } from '../../src/app/meetings/meeting-detector.js';
import { MeetingsService } from '../../src/app/services/meetings.service.js';
import type { CalendarEvent } from '../../src/domain/event.js';
import type { JobQueue } from '../../src/jobs/job-queue.js';
import type { Store } from '../../src/store/store.js';
import { attendee, customerMeeting, historyModels } from '../support/detection-fixtures.js';
import { buildEvent, describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';

const WINDOW = { from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-05-01T00:00:00Z') };
const queued: unknown[] = [];
const queue = {
  enqueue: async (_name: string, payload: unknown) => {
    queued.push(payload);
    return 'job';
  },
} as unknown as JobQueue;

function service(store: Store): MeetingsService {
  return new MeetingsService({
    store,
    queue,
    logger: pino({ level: 'silent' }),
    detector: new MeetingDetector(store, historyModels),
    models: historyModels,
    clock: () => WINDOW.from,
    window: () => WINDOW,
  });
}

async function seedCrm(store: Store, tenant: Tenant): Promise<void> {
  const [customer] = await store.crm.upsertAccounts(tenant.scope, [
    { name: 'Customer', domains: ['customer.test'], stage: 'qualification' },
    { name: 'Globex', domains: ['globex.test'], stage: 'qualification' },
  ]);
  await store.crm.upsertContacts(tenant.scope, [
    { email: 'buyer@customer.test', name: 'Buyer', accountId: customer!.id },
  ]);
}

/** The store, doing `meanwhile` when a job loads the events it is about to detect. */
function racingStore(store: Store, meanwhile: () => Promise<unknown>): Store {
  return {
    ...store,
    events: {
      ...store.events,
      getMany: async (...args: Parameters<Store['events']['getMany']>) => {
        await meanwhile();
        return store.events.getMany(...args);
      },
    },
  } as Store;
}

/** The event at another time, lasting `hours`. */
function movedTo(event: CalendarEvent, start: string, hours = 1): CalendarEvent {
  return { ...event, start, end: new Date(Date.parse(start) + hours * 3_600_000).toISOString() };
}

const weekly = (days: string[]) =>
  days.map((d) => customerMeeting({ start: `2026-02-${d}T10:00:00.000Z`, title: `M${d}` }));

describeEachDialect('incremental meeting detection', (context) => {
  const apply = (tenant: Tenant, events: CalendarEvent[], deletions: string[] = []) =>
    context().store.events.applyPage(
      tenant.scope,
      tenant.calendar.id,
      { upserts: events.map((event) => ({ event, raw: {} })), deletions },
      1,
    );
  const meetings = async (tenant: Tenant) =>
    (await context().store.meetings.list(tenant.scope, { limit: 1000 })).items
      .map((m) => `${m.start} ${m.title} ${m.meetingType}`)
      .sort();

  /** Two tenants with the same calendar: `job` detects incrementally, `full` over the window. */
  async function twins(label: string, events: CalendarEvent[]) {
    const { store } = context();
    const inc = await seedTenant(store, `${label}-inc`);
    const full = await seedTenant(store, `${label}-full`);
    await seedCrm(store, inc);
    await seedCrm(store, full);
    const svc = service(store);
    const both = async (changed: CalendarEvent[], deletions: string[] = []) => {
      await apply(inc, changed, deletions);
      await apply(full, changed, deletions);
    };
    await both(events);
    const job = () => svc.runDetectionJob(inc.scope);
    await job();
    await svc.detectNow(full.scope);
    // A full run leaves nothing for a second one to change.
    expect(await svc.detectNow(full.scope)).toMatchObject({ created: 0, updated: 0, removed: 0 });
    expect(await meetings(inc)).toEqual(await meetings(full));
    return {
      inc,
      full,
      both,
      /** After a change: the job reads only it, and both tenants agree, also after another full run. */
      agree: async () => {
        const summary = await job();
        await svc.detectNow(full.scope);
        expect(await meetings(inc)).toEqual(await meetings(full));
        expect(await svc.detectNow(full.scope)).toMatchObject({ updated: 0, removed: 0 });
        return summary;
      },
    };
  }

  it('a meeting moved later re-types the meetings it passed', async () => {
    const ms = weekly(['03', '10', '17', '24']);
    const t = await twins('later', ms);
    await t.both([movedTo(ms[0]!, '2026-02-20T10:00:00.000Z')]);
    expect((await t.agree()).analysed).toBe(4);
  });

  it('a meeting moved to another account re-types both accounts', async () => {
    const ms = weekly(['03', '10', '17', '24']);
    const t = await twins('account', ms);
    await t.both([{ ...ms[1]!, attendees: [attendee('cto@globex.test')] }]);
    await t.agree();
  });

  it('an event that stops being a sales meeting', async () => {
    const ms = weekly(['03', '10', '17', '24']);
    const t = await twins('stops', ms);
    await t.both([{ ...ms[0]!, attendees: [] }]);
    await t.agree();
  });

  it('a meeting that straddles the window start is counted once, changed or not', async () => {
    const boundary = customerMeeting({
      start: '2026-01-31T23:00:00.000Z',
      end: '2026-02-01T01:00:00.000Z',
      title: 'Boundary',
    });
    const ms = weekly(['10', '17', '24']);
    const t = await twins('boundary', [boundary, ...ms]);
    await t.both([{ ...ms[1]!, title: 'M17 renamed' }]);
    expect((await t.agree()).analysed).toBe(2);
    await t.both([{ ...boundary, title: 'Boundary renamed' }]);
    await t.agree();
  });

  it('a meeting moved to before the window counts before every meeting in it, from the first full run on', async () => {
    const ms = weekly(['03', '10', '17', '24']);
    const t = await twins('moved-out', ms);
    await t.both([movedTo(ms[2]!, '2026-01-10T10:00:00.000Z')]);
    await t.agree();
  });

  it('a meeting moved before the window, then back into it, onto its start, or past its end', async () => {
    for (const [label, back] of [
      ['back-in', '2026-02-18T10:00:00.000Z'],
      ['straddle', '2026-01-31T23:00:00.000Z'],
      ['past-end', '2026-06-10T10:00:00.000Z'],
    ] as const) {
      const ms = weekly(['03', '10', '17', '24']);
      const t = await twins(label, ms);
      await t.both([movedTo(ms[2]!, '2026-01-10T10:00:00.000Z', 2)]);
      await t.agree();
      await t.both([movedTo(ms[2]!, back, 2)]);
      await t.agree();
      await t.both([{ ...ms[3]!, title: 'M24 renamed' }]);
      await t.agree();
    }
  });

  it('a change before a meeting stored before the window runs over the whole window', async () => {
    const ms = weekly(['03', '10', '17', '24']);
    const t = await twins('before-stored', ms);
    await t.both([movedTo(ms[2]!, '2026-01-20T10:00:00.000Z')]);
    await t.agree();
    await t.both([movedTo(ms[3]!, '2026-01-10T10:00:00.000Z')]);
    await t.agree();
  });

  it('feedback, which logs no change, makes the next job read everything', async () => {
    const ms = weekly(['03', '10', '17', '24']);
    const t = await twins('feedback', ms);
    const { store } = context();
    const svc = service(store);
    for (const tenant of [t.inc, t.full]) {
      const m03 = (await store.meetings.list(tenant.scope, { limit: 100 })).items.find(
        (m) => m.title === 'M03',
      )!;
      await svc.feedback(tenant.scope, m03.id, { verdict: 'reject' });
    }
    await t.both([{ ...ms[3]!, title: 'M24 renamed' }]);
    await t.agree();
  });

  it('meetings that share a start are ordered the same way by both', async () => {
    const at = '2026-02-10T10:00:00.000Z';
    const ms = ['A', 'B', 'C'].map((title) => customerMeeting({ start: at, title }));
    const t = await twins('ties', ms);
    await t.both([{ ...ms[2]!, title: 'C2' }]);
    await t.agree();
  });

  it('a connection deleted (no change logged) makes the next job read everything', async () => {
    const ms = weekly(['10', '17']);
    const t = await twins('disconnect', ms);
    const { store } = context();
    const extra = async (tenant: Tenant) => {
      const connection = await store.connections.create(tenant.scope, {
        provider: 'ics',
        label: 'Other',
        secrets: { url: 'https://calendar.example.test/other.ics' },
        settings: {},
      });
      const calendar = await store.calendars.upsert(tenant.scope, connection.id, {
        providerCalendarId: 'other',
        name: 'Other',
        timeZone: 'UTC',
        isPrimary: false,
      });
      const first = customerMeeting({ start: '2026-02-02T10:00:00.000Z', title: 'First' });
      await store.events.applyPage(
        tenant.scope,
        calendar!.id,
        { upserts: [{ event: first, raw: {} }], deletions: [] },
        1,
      );
      return connection.id;
    };
    const incConnection = await extra(t.inc);
    const fullConnection = await extra(t.full);
    await t.agree();
    await store.connections.delete(t.inc.scope, incConnection);
    await store.connections.delete(t.full.scope, fullConnection);
    await t.both([
      buildEvent({ start: '2026-03-20T10:00:00.000Z', title: 'Focus', attendees: [] }),
    ]);
    await t.agree();
  });

  it('a scan reset while a job runs is not overwritten: the next job reads everything', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'reset-mid-job');
    await seedCrm(store, tenant);
    await apply(tenant, weekly(['03', '10']));
    const svc = service(store);
    await svc.runDetectionJob(tenant.scope);
    await apply(tenant, [customerMeeting({ start: '2026-02-17T10:00:00.000Z' })]);
    // The CRM changes (a reset) while the job reads the changed events.
    const racing = racingStore(store, () =>
      store.meetings.resetScans(tenant.scope, [tenant.scope.userId]),
    );
    // It reads the one change it found (the latest meeting, so nothing after it)...
    expect((await service(racing).runDetectionJob(tenant.scope)).analysed).toBe(1);
    // ...and leaves the scan reset: the next job reads everything.
    expect((await svc.runDetectionJob(tenant.scope)).analysed).toBe(3);
    expect((await svc.runDetectionJob(tenant.scope)).analysed).toBe(0);
  });

  it('a job whose scan another one moved meanwhile leaves it reset', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'moved-meanwhile');
    await seedCrm(store, tenant);
    await apply(tenant, weekly(['03', '10']));
    const svc = service(store);
    await svc.runDetectionJob(tenant.scope);
    await apply(tenant, [customerMeeting({ start: '2026-02-17T10:00:00.000Z' })]);
    const racing = racingStore(store, async () => {
      const scan = await store.meetings.scan(tenant.scope);
      const latest = await store.changes.latestCursor(tenant.scope);
      await store.meetings.saveScan(
        tenant.scope,
        { cursor: latest, modelVersion: 'history-test' },
        scan,
      );
    });
    await service(racing).runDetectionJob(tenant.scope);
    expect(await store.meetings.scan(tenant.scope)).toMatchObject({ cursor: null });
    expect((await svc.runDetectionJob(tenant.scope)).analysed).toBe(3);
  });

  it('a range asked for by hand, or by hand at all, is followed by a full run', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'by-hand');
    await seedCrm(store, tenant);
    await apply(tenant, weekly(['03', '10', '17']));
    const svc = service(store);
    await svc.runDetectionJob(tenant.scope);
    expect((await svc.runDetectionJob(tenant.scope)).analysed).toBe(0);
    queued.length = 0;
    await svc.runDetectionJob({
      ...tenant.scope,
      from: '2026-02-05T00:00:00.000Z',
      to: '2026-02-12T00:00:00.000Z',
    });
    expect(queued).toEqual([tenant.scope]);
    expect((await svc.runDetectionJob(tenant.scope)).analysed).toBe(3);
    await svc.queueDetection(tenant.scope, {});
    expect((await svc.runDetectionJob(tenant.scope)).analysed).toBe(3);
    expect((await svc.runDetectionJob(tenant.scope)).analysed).toBe(0);
  });
});
