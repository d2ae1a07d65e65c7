/**
 * `withdraw` takes a user's word back (the dashboard's Undo): the model decides again, as if
 * nobody had judged the meeting. Before, an Undo could only confirm, which made a detection the
 * user never reviewed "confirmed by your team" with confidence 1, for the whole series.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { taskHandlers } from '../../src/app/tasks.js';
import { describeEachDialect } from '../support/databases.js';
import { meetingCalls, modelSays, seedSalesRep } from '../support/sales-meetings-api.js';
import { buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

describeEachDialect('meeting feedback withdrawn', (context) => {
  let api: TestApi;
  let token: string;
  let orgId: string;

  beforeAll(async () => {
    api = await buildTestApi(context().store);
    api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
  });

  beforeEach(async () => {
    ({ token, orgId } = await seedSalesRep(api, context().store));
    await api.app.queue.drain();
  });

  afterAll(async () => {
    await api.close();
  });

  const calls = meetingCalls(
    () => api,
    () => token,
  );
  const { request, byTitle } = calls;
  /** A verdict, and the work it queues done. */
  const feedback = async (id: string, payload: object) => {
    const answer = await calls.feedback(id, payload);
    await api.app.queue.drain();
    return answer;
  };

  it("a rejection withdrawn brings the model's detection back, not a confirmation", async () => {
    const [before] = await byTitle('Acme discovery call');
    expect(before).toMatchObject({ source: 'model', isSalesMeeting: true });
    await feedback(before!.id, { verdict: 'reject' });
    expect(await byTitle('Acme discovery call')).toEqual([]);

    const undone = await feedback(before!.id, { verdict: 'withdraw' });
    expect(modelSays(undone.meeting ?? undefined)).toEqual(modelSays(before));
    const [after] = await byTitle('Acme discovery call');
    expect(modelSays(after)).toEqual(modelSays(before));
  });

  it('a corrected type withdrawn gives the model its type back', async () => {
    const [before] = await byTitle('Acme discovery call');
    await feedback(before!.id, { verdict: 'confirm', meetingType: 'closing' });
    expect((await byTitle('Acme discovery call'))[0]).toMatchObject({ meetingType: 'closing' });
    await feedback(before!.id, { verdict: 'withdraw' });
    expect(modelSays((await byTitle('Acme discovery call'))[0])).toEqual(modelSays(before));
  });

  it('withdrawn on one instance of a series, the whole series is the model’s again', async () => {
    const instances = await byTitle('Acme weekly check-in');
    expect(instances).toHaveLength(3);
    await feedback(instances[0]!.id, { verdict: 'reject' });
    expect(await byTitle('Acme weekly check-in')).toEqual([]);
    const undone = await feedback(instances[1]!.id, { verdict: 'withdraw' });
    expect(undone.propagatedTo).toBe(2);
    expect((await byTitle('Acme weekly check-in')).map(modelSays)).toEqual(
      instances.map(modelSays),
    );
    // Nor does the rejection, taken back, teach the organisation's adaptation (it was kept as
    // the word on the first instance, which the withdrawal on the second did not name).
    const adjustment = await context().store.meetings.getAdjustment({ orgId });
    expect(adjustment?.feedbackCount ?? 0).toBe(0);
  });

  it('a confirmation of an event the model passes over, withdrawn, leaves no meeting', async () => {
    const events = (await request('GET', '/events/?limit=500')).json().items as {
      id: string;
      title: string;
    }[];
    const review = events.find((e) => e.title === 'Pipeline review');
    expect(await byTitle('Pipeline review')).toEqual([]);
    await feedback(review!.id, { verdict: 'confirm' });
    expect(await byTitle('Pipeline review')).toHaveLength(2);
    const undone = await feedback(review!.id, { verdict: 'withdraw' });
    expect(undone.meeting).toBeNull();
    expect(await byTitle('Pipeline review')).toEqual([]);
  });

  it('refuses a type with withdraw', async () => {
    const [meeting] = await byTitle('Acme discovery call');
    const response = await request('POST', `/meetings/${meeting!.id}/feedback/`, {
      verdict: 'withdraw',
      meetingType: 'demo',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/meetingType: only with verdict "confirm"/);
  });
});
