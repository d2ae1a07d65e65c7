import { expect, it } from 'vitest';
import { describeEachDialect, seedTenant, seedUser } from '../../test/support/databases.js';
import type { MeetingVerdict } from './store.js';

describeEachDialect('meeting feedback repository', (context) => {
  it('keeps feedback in the order it was recorded, also within one millisecond: the last word is the last given', async () => {
    const { store } = context();
    const tenant = await seedTenant(store, 'feedback');
    const teammate = await seedUser(store, tenant.scope.orgId, 'teammate@acme.test');
    // The app's clock says the same instant every time (a test's fixed clock, or two requests
    // in one millisecond).
    const now = new Date('2026-03-01T12:00:00.000Z');
    const verdicts: MeetingVerdict[] = [];
    for (let n = 0; n < 60; n += 1) {
      const verdict: MeetingVerdict = n % 2 === 0 ? 'reject' : 'confirm';
      verdicts.push(verdict);
      await store.meetings.recordFeedback(
        n % 3 === 0 ? teammate.scope : tenant.scope,
        {
          eventId: 'evt-1',
          meetingId: null,
          seriesId: null,
          meetingIdentity: '["uid","one@acme.test",null]',
          verdict,
          meetingType: null,
          snapshot: { n },
        },
        now,
      );
    }
    const order = (feedback: { snapshot: unknown }[]) =>
      feedback.map((f) => (f.snapshot as { n: number }).n);
    const all = Array.from(verdicts.keys());
    expect(order(await store.meetings.orgFeedback({ orgId: tenant.scope.orgId }))).toEqual(all);
    expect(order(await store.meetings.userFeedback(tenant.scope))).toEqual(
      all.filter((n) => n % 3 !== 0),
    );
    expect(order(await store.meetings.userFeedback(teammate.scope))).toEqual(
      all.filter((n) => n % 3 === 0),
    );
    const mine = await store.meetings.userFeedback(tenant.scope);
    expect(mine.at(-1)?.verdict).toBe(verdicts[59]);
  });
});
