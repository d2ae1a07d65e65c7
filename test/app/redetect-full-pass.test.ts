/**
 * Migration 0033 resets every meeting scan so that the next detection pass is a full one. That
 * pass must keep the team's feedback and rewrite nothing that did not change: no meeting
 * rewritten, no change logged, the live version (what dashboards poll) where it was.
 */
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { MeetingDetector } from '../../src/app/meetings/meeting-detector.js';
import { MeetingsService } from '../../src/app/services/meetings.service.js';
import type { JobQueue } from '../../src/jobs/job-queue.js';
import { up } from '../../src/store/migrations/0033-redetect-meetings.js';
import type { Store } from '../../src/store/store.js';
import { customerMeeting, historyModels } from '../support/detection-fixtures.js';
import { describeEachDialect, seedTenant } from '../support/databases.js';

const WINDOW = { from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-05-01T00:00:00Z') };
const queue = { enqueue: async () => 'job' } as unknown as JobQueue;

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

describeEachDialect('the full detection pass after migration 0033', (context) => {
  it('keeps feedback and changes nothing else', async () => {
    const { store, database } = context();
    const tenant = await seedTenant(store, 'redetect-full');
    const [customer] = await store.crm.upsertAccounts(tenant.scope, [
      { name: 'Customer', domains: ['customer.test'], stage: 'qualification' },
    ]);
    await store.crm.upsertContacts(tenant.scope, [
      { email: 'buyer@customer.test', name: 'Buyer', accountId: customer!.id },
    ]);
    const events = ['03', '10', '17', '24'].map((d) =>
      customerMeeting({ start: `2026-02-${d}T10:00:00.000Z`, title: `M${d}` }),
    );
    await store.events.applyPage(
      tenant.scope,
      tenant.calendar.id,
      { upserts: events.map((event) => ({ event, raw: {} })), deletions: [] },
      1,
    );
    const svc = service(store);
    await svc.runDetectionJob(tenant.scope);
    const byTitle = async () =>
      new Map(
        (await store.meetings.list(tenant.scope, { limit: 100 })).items.map((m) => [m.title, m]),
      );
    const first = await byTitle();
    await svc.feedback(tenant.scope, first.get('M03')!.id, { verdict: 'confirm' });
    await svc.feedback(tenant.scope, first.get('M10')!.id, { verdict: 'reject' });
    await svc.feedback(tenant.scope, first.get('M17')!.id, {
      verdict: 'confirm',
      meetingType: 'closing',
    });
    await svc.runDetectionJob(tenant.scope);
    const judged = await store.meetings.list(tenant.scope, { limit: 100 });
    const feedback = await byTitle();
    // A rejected meeting is no longer listed as a sales meeting.
    expect(feedback.get('M10')).toBeUndefined();
    expect(feedback.get('M17')).toMatchObject({ meetingType: 'closing', source: 'feedback' });
    const changes = await store.changes.latestCursor(tenant.scope);
    const live = await store.liveVersion(tenant.scope);

    await up(database.db as unknown as Kysely<unknown>);
    expect(await store.meetings.scan(tenant.scope)).toMatchObject({ cursor: null });
    await svc.runDetectionJob(tenant.scope);

    expect(await store.meetings.list(tenant.scope, { limit: 100 })).toEqual(judged);
    expect(await store.changes.latestCursor(tenant.scope)).toEqual(changes);
    expect(await store.liveVersion(tenant.scope)).toBe(live);
    expect((await store.meetings.scan(tenant.scope))?.cursor).not.toBeNull();
  });
});
