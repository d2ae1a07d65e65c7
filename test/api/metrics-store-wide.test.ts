/**
 * The store-wide gauges and the sync duration, as an operator's scrape reads them from /metrics:
 * failing calendars (0 for a provider with none: before, no sample at all until something
 * failed), connections by provider and status, the embedded queue's backlog by job name and
 * state, and how long sync jobs took per provider. None of the last three existed before.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROVIDER_KINDS } from '../../src/domain/event.js';
import { describeEachDialect, seedTenant } from '../support/databases.js';
import { sampleOf } from '../support/metrics-text.js';
import { buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

const HOUR_MS = 3_600_000;

describeEachDialect('store-wide metrics at /metrics', (context) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await buildTestApi(context().store);
  });
  afterAll(async () => api.close());

  const scrape = async () => {
    const answer = await api.server.inject({ method: 'GET', url: '/metrics' });
    expect(answer.statusCode).toBe(200);
    return answer.body;
  };

  it('says 0 failing calendars for every provider while none fails, then counts one', async () => {
    const quiet = await scrape();
    for (const provider of PROVIDER_KINDS)
      expect(sampleOf(quiet, `calintel_failing_calendars{provider="${provider}"}`)).toBe(0);

    const { store } = context();
    const tenant = await seedTenant(store, 'failing-zero');
    const failure = { kind: 'transient', message: 'the feed answered 503', nextRunAt: null };
    const hoursAgo = (h: number) => new Date(TEST_NOW.getTime() - h * HOUR_MS);
    await store.syncStatus.markFailed(tenant.scope, tenant.calendar.id, failure, hoursAgo(3));
    await store.syncStatus.markFailed(tenant.scope, tenant.calendar.id, failure, hoursAgo(0.1));

    const failing = await scrape();
    expect(sampleOf(failing, 'calintel_failing_calendars{provider="ics"}')).toBe(1);
    expect(sampleOf(failing, 'calintel_failing_calendars{provider="google"}')).toBe(0);
  });

  it('counts connections by provider and status, 0 where there are none', async () => {
    const series = (status: string) => `calintel_connections{provider="ics",status="${status}"}`;
    const before = await scrape();
    expect(
      sampleOf(before, 'calintel_connections{provider="google",status="reauth_required"}'),
    ).toBe(0);
    const { store } = context();
    const first = await seedTenant(store, 'connections-a');
    await seedTenant(store, 'connections-b');
    await store.connections.updateStatus(
      first.scope,
      first.connection.id,
      'reauth_required',
      'the feed answered 401',
    );

    const after = await scrape();
    const was = (status: string) => sampleOf(before, series(status)) ?? Number.NaN;
    expect(sampleOf(after, series('active'))).toBe(was('active') + 1);
    expect(sampleOf(after, series('reauth_required'))).toBe(was('reauth_required') + 1);
  });

  it("counts the embedded queue's jobs by name and state", async () => {
    const { queue } = api.app;
    await queue.enqueue('test-backlog-now', {});
    await queue.enqueue('test-backlog-now', {});
    await queue.enqueue(
      'test-backlog-later',
      {},
      { runAt: new Date(TEST_NOW.getTime() + HOUR_MS) },
    );

    const text = await scrape();
    const series = (name: string, state: string) =>
      `calintel_job_backlog{name="${name}",state="${state}"}`;
    expect(sampleOf(text, series('test-backlog-now', 'waiting'))).toBe(2);
    expect(sampleOf(text, series('test-backlog-now', 'delayed'))).toBe(0);
    expect(sampleOf(text, series('test-backlog-later', 'delayed'))).toBe(1);
    expect(sampleOf(text, series('test-backlog-later', 'waiting'))).toBe(0);
  });

  it('times sync jobs per provider and outcome', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'sync-duration');
    const series = 'calintel_sync_duration_seconds_count{provider="ics",outcome="failed"}';
    const before = sampleOf(await scrape(), series) ?? 0;

    // The seeded feed's host does not resolve: the run fails, and is timed all the same.
    await api.app.sync.runJob({ ...tenant.scope, calendarId: tenant.calendar.id });

    const text = await scrape();
    expect(sampleOf(text, series)).toBe(before + 1);
    expect(text).toContain(
      'calintel_sync_duration_seconds_bucket{le="0.1",provider="ics",outcome="failed"}',
    );
  });
});
