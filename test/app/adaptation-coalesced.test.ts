/**
 * Feedback queues the organisation's model adaptation, which used to run at once for every
 * verdict and then detect every user's meetings again: QA saw one user's clicks, 1.5 s apart,
 * re-detect all ten users of the organisation each time. Now a verdict's refit waits
 * (MEETING_ADAPTATION_DELAY_SECONDS) and the verdicts given meanwhile join it; and a refit that
 * leaves detection's adjustment as it was (too few verdicts to learn from) re-detects nobody.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { MeetingView } from '../../src/api/meetings-schemas.js';
import {
  ADAPT_MEETING_MODEL,
  DETECT_MEETINGS_FOR_USER_TASK,
  taskHandlers,
} from '../../src/app/tasks.js';
import { describeEachDialect } from '../support/databases.js';
import { importCalendar, putAcmeCrm, salesFeed, seedNorthwind } from '../support/meetings.js';
import { meetingCalls } from '../support/sales-meetings-api.js';
import { buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

describeEachDialect('feedback and the model adaptation it queues', (context) => {
  let api: TestApi;
  let now = TEST_NOW;
  let token: string;
  let orgId: string;
  let teammateId: string;

  beforeAll(async () => {
    api = await buildTestApi(
      context().store,
      { MEETING_ADAPTATION_DELAY_SECONDS: '30' },
      () => now,
    );
    api.app.queue.start(taskHandlers(api.app, () => now));
  });

  beforeEach(async () => {
    now = TEST_NOW;
    ({ token, orgId } = await seedNorthwind(context().store));
    teammateId = (
      await context().store.users.create(orgId, { email: 'bo@northwind.io', name: 'Bo' })
    ).id;
    await putAcmeCrm(api.server, token);
    await importCalendar(api.server, token, salesFeed());
    await api.app.queue.drain();
  });

  afterAll(async () => {
    await api.close();
  });

  const { request } = meetingCalls(
    () => api,
    () => token,
  );
  const byTitle = async (title: string): Promise<MeetingView> => {
    const items = (await request('GET', '/meetings/?limit=500')).json().items as MeetingView[];
    return items.find((m) => m.title === title)!;
  };
  const jobs = (name: string) =>
    context()
      .database.db.selectFrom('jobs')
      .select(['id', 'status', 'payload'])
      .where('org_id', '=', orgId)
      .where('name', '=', name)
      .execute();

  /** Five verdicts in a row, the worker taking whatever is due after each (as between clicks). */
  async function fiveVerdicts(): Promise<void> {
    const discovery = await byTitle('Acme discovery call');
    const checkIn = await byTitle('Acme weekly check-in');
    const words: [string, object][] = [
      [discovery.id, { verdict: 'confirm', meetingType: 'closing' }],
      [discovery.id, { verdict: 'reject' }],
      [checkIn.id, { verdict: 'confirm', meetingType: 'demo' }],
      [checkIn.id, { verdict: 'withdraw' }],
      [checkIn.id, { verdict: 'reject' }],
    ];
    for (const [id, word] of words) {
      const response = await request('POST', `/meetings/${id}/feedback/`, word);
      expect(response.statusCode, response.body).toBe(200);
      now = new Date(now.getTime() + 1500);
      await api.app.queue.drain();
    }
  }

  it('five verdicts in a row queue one adaptation, which runs once its wait is over', async () => {
    await fiveVerdicts();
    expect(await jobs(ADAPT_MEETING_MODEL)).toEqual([
      expect.objectContaining({ status: 'queued' }),
    ]);
    now = new Date(now.getTime() + 30_000);
    await api.app.queue.drain();
    expect(await jobs(ADAPT_MEETING_MODEL)).toEqual([expect.objectContaining({ status: 'done' })]);
    // Fitted on each meeting's last word (a single meeting and a series: two examples).
    expect(await context().store.meetings.getAdjustment({ orgId })).toMatchObject({
      feedbackCount: 2,
    });
  });

  it('an adaptation that leaves detection as it was re-detects no teammate', async () => {
    const teammateRuns = async () =>
      (await jobs(DETECT_MEETINGS_FOR_USER_TASK))
        .filter((job) => String(job.payload).includes(teammateId))
        .map((job) => job.id);
    // Those the CRM's upsert queued for everyone.
    const before = await teammateRuns();
    await fiveVerdicts();
    now = new Date(now.getTime() + 30_000);
    await api.app.queue.drain();
    expect(await jobs(ADAPT_MEETING_MODEL)).toEqual([expect.objectContaining({ status: 'done' })]);
    expect(await teammateRuns()).toEqual(before);
    // The verdicts themselves stand.
    expect(await byTitle('Acme discovery call')).toBeUndefined();
    expect(await byTitle('Acme weekly check-in')).toBeUndefined();
  });
});
