import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYNC_CALENDAR_JOB } from '../../src/app/services/sync.service.js';
import {
  CLEANUP_OLD_CALENDAR_EVENTS,
  DETECT_MEETINGS_FOR_EVERYONE,
  DETECT_MEETINGS_FOR_USER_TASK,
  MONITOR_SYNC_FAILURES,
  REFRESH_CALENDAR_TOKENS,
  RENEW_WEBHOOK_CHANNELS,
  SYNC_ALL_USER_CALENDARS,
  SYNC_USER_CALENDARS_TASK,
  scheduledTasks,
  taskHandlers,
} from '../../src/app/tasks.js';
import type { JobHandler } from '../../src/jobs/job-queue.js';
import { buildEvent, describeEachDialect, seedTenant } from '../support/databases.js';
import { buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

const DAY_MS = 24 * 3_600_000;

describeEachDialect('scheduled tasks', (context) => {
  let api: TestApi;
  let handlers: Map<string, JobHandler>;
  const run = (name: string) =>
    handlers.get(name)!(null, { jobId: 'test', attempt: 1, signal: new AbortController().signal });

  beforeAll(async () => {
    api = await buildTestApi(context().store, { EVENT_RETENTION_DAYS: '365' });
    handlers = taskHandlers(api.app, () => TEST_NOW);
  });

  afterAll(async () => api.close());

  it('every scheduled task has a handler', () => {
    for (const schedule of scheduledTasks()) expect(handlers.has(schedule.name)).toBe(true);
  });

  it(`${SYNC_ALL_USER_CALENDARS} queues one sync per due calendar`, async () => {
    const { store } = context();
    const { calendar } = await seedTenant(store);
    await run(SYNC_ALL_USER_CALENDARS);
    await run(SYNC_ALL_USER_CALENDARS);
    const queued = (await store.jobs.list({ name: SYNC_CALENDAR_JOB, limit: 1000 })).filter(
      (job) => (job.payload as { calendarId: string }).calendarId === calendar.id,
    );
    expect(queued).toHaveLength(1);
  });

  it(`${DETECT_MEETINGS_FOR_EVERYONE} queues one detection per user, however often it runs`, async () => {
    const { store } = context();
    const first = await seedTenant(store, 'daily-detection');
    const second = await seedTenant(store, 'daily-detection-2');
    await run(DETECT_MEETINGS_FOR_EVERYONE);
    await run(DETECT_MEETINGS_FOR_EVERYONE);
    const queued = (await store.jobs.list({ name: DETECT_MEETINGS_FOR_USER_TASK, limit: 1000 }))
      .map((job) => (job.payload as { userId: string }).userId)
      .filter((userId) => userId === first.scope.userId || userId === second.scope.userId);
    expect(queued.sort()).toEqual([first.scope.userId, second.scope.userId].sort());
    expect(scheduledTasks().find((s) => s.name === DETECT_MEETINGS_FOR_EVERYONE)?.cron).toBe(
      '47 3 * * *',
    );
  });

  it(`${SYNC_USER_CALENDARS_TASK} queues every selected calendar of one user, and refuses a bad payload`, async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    await handlers.get(SYNC_USER_CALENDARS_TASK)!(scope, {
      jobId: 'test',
      attempt: 1,
      signal: new AbortController().signal,
    });
    const queued = (await store.jobs.list({ name: SYNC_CALENDAR_JOB, limit: 1000 })).filter(
      (job) => (job.payload as { calendarId: string }).calendarId === calendar.id,
    );
    expect(queued).toHaveLength(1);
    await expect(run(SYNC_USER_CALENDARS_TASK)).rejects.toThrow(/payload needs orgId and userId/);
  });

  // The metric is read at scrape time by the api role (test/api/metrics-store-wide.test.ts).
  it(`${MONITOR_SYNC_FAILURES} runs over calendars failing past the threshold, which the status flags`, async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const failure = { kind: 'transient', message: 'Google answered 503', nextRunAt: null };
    await store.syncStatus.markFailed(
      scope,
      calendar.id,
      failure,
      new Date(TEST_NOW.getTime() - 2 * 3_600_000),
    );
    await run(MONITOR_SYNC_FAILURES);
    const [status] = await api.app.sync.status(scope);
    expect(status).toMatchObject({
      calendarId: calendar.id,
      failing: true,
      consecutiveFailures: 1,
    });
  });

  it('the Google tasks do nothing when Google is not configured', async () => {
    await expect(run(REFRESH_CALENDAR_TOKENS)).resolves.toBeUndefined();
    await expect(run(RENEW_WEBHOOK_CHANNELS)).resolves.toBeUndefined();
  });

  it(`${CLEANUP_OLD_CALENDAR_EVENTS} deletes the events that ended more than the retention ago`, async () => {
    const { store } = context();
    const { scope, calendar } = await seedTenant(store);
    const endingDaysAgo = (days: number) => {
      const end = new Date(TEST_NOW.getTime() - days * DAY_MS);
      return buildEvent({
        start: new Date(end.getTime() - 3_600_000).toISOString(),
        end: end.toISOString(),
      });
    };
    const [expired, kept] = [endingDaysAgo(366), endingDaysAgo(364)];
    await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: [expired, kept].map((event) => ({ event, raw: {} })), deletions: [] },
      1,
    );
    await run(CLEANUP_OLD_CALENDAR_EVENTS);
    const { items } = await store.events.list(scope);
    expect(items.map((item) => item.event.providerEventId)).toEqual([kept.providerEventId]);
  });

  it(`${CLEANUP_OLD_CALENDAR_EVENTS} also forgets dashboard sessions and links a day after they expired`, async () => {
    const { store, database } = context();
    const { scope } = await seedTenant(store);
    const hoursAgo = (hours: number) => new Date(TEST_NOW.getTime() - hours * 3_600_000);
    await store.webSessions.create(scope, {
      token: 'old',
      csrfToken: 'c',
      expiresAt: hoursAgo(25),
    });
    await store.webSessions.create(scope, {
      token: 'recent',
      csrfToken: 'c',
      expiresAt: hoursAgo(1),
    });
    await store.webSessions.createLink(scope, { token: 'old-link', expiresAt: hoursAgo(30) });
    await run(CLEANUP_OLD_CALENDAR_EVENTS);
    const sessions = await database.db
      .selectFrom('web_sessions')
      .select('user_id')
      .where('user_id', '=', scope.userId)
      .execute();
    expect(sessions).toHaveLength(1);
    const links = await database.db
      .selectFrom('sign_in_links')
      .select('user_id')
      .where('user_id', '=', scope.userId)
      .execute();
    expect(links).toEqual([]);
  });
});
