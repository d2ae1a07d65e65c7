import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, seedTenant } from '../support/databases.js';
import { buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

describeEachDialect('failing calendars metric', (context) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await buildTestApi(context().store);
  });
  afterAll(async () => api.close());

  it('is read from the database at each scrape, without the monitor having run here', async () => {
    // The api role serves /metrics; the monitor task runs in the worker role's process.
    const { store } = context();
    const tenant = await seedTenant(store, 'failing-metric');
    const failure = { kind: 'transient', message: 'Google answered 503', nextRunAt: null };
    const hoursAgo = (h: number) => new Date(TEST_NOW.getTime() - h * 3_600_000);
    await store.syncStatus.markFailed(tenant.scope, tenant.calendar.id, failure, hoursAgo(3));
    await store.syncStatus.markFailed(tenant.scope, tenant.calendar.id, failure, hoursAgo(0.1));
    const metrics = await api.server.inject({ method: 'GET', url: '/metrics' });
    const line = metrics.body
      .split('\n')
      .find((l) =>
        l.startsWith(`calintel_failing_calendars{provider="${tenant.calendar.provider}"}`),
      );
    expect(line).toBeDefined();
    expect(Number(line?.split(' ').at(-1))).toBeGreaterThanOrEqual(1);
  });
});
