/**
 * A verdict given while a detection run is under way (the organisation's re-detection after an
 * adaptation, a sync's job) is not written over by that run, which read the feedback before it:
 * QA saw a meeting marked "Not a sales meeting" come back for seconds after "Saved", until the
 * next run removed it again. Each run here is paused after it read its inputs and analysed, just
 * before it writes; the verdict is given then, through the API, and the run let go.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Scope } from '../../src/store/store.js';
import { describeEachDialect } from '../support/databases.js';
import { meetingCalls, modelSays, seedSalesRep } from '../support/sales-meetings-api.js';
import { buildTestApi, type TestApi } from '../support/test-app.js';

describeEachDialect('a verdict given during a detection run', (context) => {
  let api: TestApi;
  let token: string;
  let scope: Scope;

  // The queue is not started: each run is started here, so that none repairs the others' work.
  beforeAll(async () => {
    api = await buildTestApi(context().store);
  });

  beforeEach(async () => {
    ({ token, scope } = await seedSalesRep(api, context().store));
    await api.app.meetings.runDetectionJob(scope);
  });

  afterAll(async () => {
    await api.close();
  });

  const { request, byTitle, feedback } = meetingCalls(
    () => api,
    () => token,
  );

  /**
   * A full detection of the user (as after an adaptation: the scan reset), paused before its
   * first write of meetings while `give` runs.
   */
  async function duringDetection(give: () => Promise<unknown>): Promise<void> {
    const meetings = context().store.meetings;
    await meetings.resetScans(scope, [scope.userId]);
    const write = meetings.saveSettled;
    let reached!: () => void;
    const paused = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    meetings.saveSettled = async (...args) => {
      if (first) {
        first = false;
        reached();
        await gate;
      }
      return write(...args);
    };
    try {
      const run = api.app.meetings.runDetectionJob(scope);
      await paused;
      await give().finally(release);
      await run;
    } finally {
      meetings.saveSettled = write;
    }
  }

  it('a meeting rejected meanwhile stays rejected', async () => {
    const [discovery] = await byTitle('Acme discovery call');
    expect(discovery).toMatchObject({ source: 'model', isSalesMeeting: true });
    await duringDetection(() => feedback(discovery!.id, { verdict: 'reject' }));
    expect(await byTitle('Acme discovery call')).toEqual([]);
    expect(await context().store.meetings.getByEvent(scope, discovery!.eventId)).toMatchObject({
      isSalesMeeting: false,
      source: 'feedback',
    });
  });

  it('a type corrected meanwhile stays corrected, on every instance of the series', async () => {
    const [checkIn] = await byTitle('Acme weekly check-in');
    await duringDetection(() =>
      feedback(checkIn!.id, { verdict: 'confirm', meetingType: 'closing' }),
    );
    expect(
      (await byTitle('Acme weekly check-in')).map((m) => [m.meetingType, m.confidence, m.source]),
    ).toEqual([
      ['closing', 1, 'feedback'],
      ['closing', 1, 'feedback'],
      ['closing', 1, 'feedback'],
    ]);
  });

  it('a word withdrawn meanwhile leaves the model to decide', async () => {
    const [discovery] = await byTitle('Acme discovery call');
    await feedback(discovery!.id, { verdict: 'reject' });
    await duringDetection(() => feedback(discovery!.id, { verdict: 'withdraw' }));
    expect((await byTitle('Acme discovery call')).map(modelSays)).toEqual([modelSays(discovery)]);
  });

  it('a confirmation withdrawn meanwhile, of an event the model passes over, leaves no meeting', async () => {
    const events = (await request('GET', '/events/?limit=500')).json().items as {
      id: string;
      title: string;
    }[];
    const review = events.find((e) => e.title === 'Pipeline review');
    await feedback(review!.id, { verdict: 'confirm' });
    expect(await byTitle('Pipeline review')).toHaveLength(2);
    await duringDetection(() => feedback(review!.id, { verdict: 'withdraw' }));
    expect(await byTitle('Pipeline review')).toEqual([]);
  });
});
