/**
 * A time zone change used to reset and queue the conflict scans of everyone in the organisation
 * at once, every time: a script alternating two zones kept every colleague's conflicts
 * rescanning everything. Now the rescan waits (ZONE_CHANGE_RESCAN_DELAY_MS) under one key per
 * organisation, and the changes made meanwhile join it. And the audit's `from` is the zone each
 * change replaced, also when two changes come at once.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { TIME_ZONE_AUDIT } from '../../src/app/services/profile.service.js';
import {
  RESCAN_CONFLICTS_AFTER_ZONE_CHANGE,
  ZONE_CHANGE_RESCAN_DELAY_MS,
} from '../../src/app/services/zone-change.js';
import { DETECT_CONFLICTS_FOR_USER_TASK, taskHandlers } from '../../src/app/tasks.js';
import { describeEachDialect, seedTenant, seedUser, type Tenant } from '../support/databases.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

describeEachDialect('time zone changes and the conflict rescan they queue', (context) => {
  let api: TestApi;
  let now = TEST_NOW;
  let rep: Tenant;
  let colleague: Tenant;
  let repToken: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store, {}, () => now);
    api.app.queue.start(taskHandlers(api.app, () => now));
  });
  afterAll(async () => api?.close());

  beforeEach(async () => {
    now = TEST_NOW;
    const { store } = context();
    rep = await seedTenant(store, 'zone-rescan');
    colleague = await seedUser(store, rep.scope.orgId, `colleague-${now.getTime()}@acme.test`);
    repToken = (await store.apiTokens.create(rep.scope, 'rep')).token;
    await api.app.queue.drain();
  });

  const patch = (timeZone: string) =>
    api.server.inject({
      method: 'PATCH',
      url: '/api/v1/me/',
      headers: bearer(repToken),
      payload: { timeZone },
    });
  const jobs = (name: string) =>
    context()
      .database.db.selectFrom('jobs')
      .select(['status', 'payload'])
      .where('org_id', '=', rep.scope.orgId)
      .where('name', '=', name)
      .execute();
  const colleagueScans = async () =>
    (await jobs(DETECT_CONFLICTS_FOR_USER_TASK)).filter((job) =>
      JSON.stringify(job.payload).includes(colleague.scope.userId),
    );

  it('five alternating changes queue one rescan, which runs once its wait is over', async () => {
    for (const zone of ['Asia/Tokyo', 'Europe/Berlin', 'Asia/Tokyo', 'Europe/Berlin', 'UTC']) {
      const answer = await patch(zone);
      expect(answer.statusCode, answer.body).toBe(200);
      now = new Date(now.getTime() + 1500);
      await api.app.queue.drain();
    }
    // Before: five conflict scans of the colleague, each reading everything again.
    expect(await colleagueScans()).toEqual([]);
    expect(await jobs(RESCAN_CONFLICTS_AFTER_ZONE_CHANGE)).toEqual([
      expect.objectContaining({ status: 'queued' }),
    ]);

    now = new Date(now.getTime() + ZONE_CHANGE_RESCAN_DELAY_MS);
    await api.app.queue.drain();
    expect(await jobs(RESCAN_CONFLICTS_AFTER_ZONE_CHANGE)).toEqual([
      expect.objectContaining({ status: 'done' }),
    ]);
    expect(await colleagueScans()).toEqual([expect.objectContaining({ status: 'done' })]);
  });

  it('audits each of two changes at once from the zone it replaced', async () => {
    await Promise.all([patch('Asia/Tokyo'), patch('America/Chicago')]);
    const audit = await context().store.audit.list({ orgId: rep.scope.orgId });
    const changes = audit
      .filter((entry) => entry.action === TIME_ZONE_AUDIT)
      .map((entry) => entry.details as { from: string | null; to: string | null });
    expect(changes).toHaveLength(2);
    // One replaced no zone, the other the zone the first one set.
    const first = changes.find((change) => change.from === null);
    const second = changes.find((change) => change.from !== null);
    expect(first).toBeDefined();
    expect(second?.from).toBe(first?.to);
  });
});
