/**
 * Two users' detection jobs updating one account's relationship at once: the update that read
 * the meetings first wrote last, and the relationship lost the other user's meeting until the
 * next change to the account (seen as a flaky CI failure of organisation-redetection.test.ts).
 * Updates of one organisation now run one at a time, each reading inside its lock.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RelationshipsService } from '../../src/app/services/relationships.service.js';
import type { Store } from '../../src/store/store.js';
import { customerMeeting } from '../support/detection-fixtures.js';
import { describeEachDialect, seedTenant, seedUser } from '../support/databases.js';
import { buildTestApi, TEST_NOW, type TestApi } from '../support/test-app.js';

/**
 * `store`, whose first read of relationship meetings (in a transaction or not) returns only once
 * `gate` opens; `reached` resolves when that read has been made.
 */
function readThenWait(store: Store, gate: Promise<void>) {
  let tell!: () => void;
  const reached = new Promise<void>((resolve) => (tell = resolve));
  let waited = false;
  const bound = (target: object, prop: PropertyKey): unknown => {
    const value: unknown = Reflect.get(target, prop);
    return typeof value === 'function'
      ? (value as (...a: unknown[]) => unknown).bind(target)
      : value;
  };
  const relationshipsOf = (target: Store) =>
    new Proxy(target.relationships, {
      get: (group, prop) => {
        if (prop !== 'meetings') return bound(group, prop);
        return async (...args: Parameters<Store['relationships']['meetings']>) => {
          const rows = await group.meetings(...args);
          if (!waited) {
            waited = true;
            tell();
            await gate;
          }
          return rows;
        };
      },
    });
  const wrap = (target: Store): Store =>
    new Proxy(target, {
      get: (t, prop) => {
        if (prop === 'relationships') return relationshipsOf(t);
        if (prop === 'transaction')
          return <T>(fn: (tx: Store) => Promise<T>) => t.transaction((tx) => fn(wrap(tx)));
        return bound(t, prop);
      },
    });
  return { store: wrap(store), reached };
}

describeEachDialect('relationship updates of one organisation at once', (context) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await buildTestApi(context().store);
  });
  afterAll(async () => api.close());

  it.each(['update', 'recompute'] as const)(
    'keep every meeting: %s, having read first, does not write a summary without the other',
    async (operation) => {
      const { store } = context();
      const ana = await seedTenant(store, 'race');
      const bob = await seedUser(store, ana.scope.orgId, `bob-race-${Math.random()}@acme.test`);
      const [account] = await store.crm.upsertAccounts(ana.scope, [
        { name: 'Customer', domains: ['customer.test'], stage: 'qualification' },
      ]);
      await store.crm.upsertContacts(ana.scope, [
        { email: 'buyer@customer.test', name: 'Buyer', accountId: account!.id },
      ]);
      const page = (start: string) => ({
        upserts: [{ event: customerMeeting({ start }), raw: {} }],
        deletions: [],
      });
      await store.events.applyPage(ana.scope, ana.calendar.id, page('2026-02-03T10:00:00.000Z'), 1);
      await api.app.meetings.runDetectionJob(ana.scope);
      const meetingsOf = async () =>
        (await store.relationships.list({ orgId: ana.scope.orgId })).map((r) => r.meetings);
      expect(await meetingsOf()).toEqual([1]);

      // Ana's update reads the account's meetings, then waits; Bob's meeting is detected meanwhile.
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const gated = readThenWait(store, gate);
      const slow = new RelationshipsService({
        store: gated.store,
        logger: api.app.logger,
        clock: () => TEST_NOW,
      });
      const keys = await store.relationships.keys({ orgId: ana.scope.orgId });
      const first =
        operation === 'update'
          ? slow.update({ orgId: ana.scope.orgId }, keys)
          : slow.recompute({ orgId: ana.scope.orgId });
      await gated.reached;
      const second = (async () => {
        await store.events.applyPage(
          bob.scope,
          bob.calendar.id,
          page('2026-02-10T10:00:00.000Z'),
          1,
        );
        await api.app.meetings.runDetectionJob(bob.scope);
      })();
      // Long enough for Bob's detection and its update to finish, unless they wait for Ana's.
      await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 1500))]);
      open();
      await Promise.all([first, second]);
      expect(await meetingsOf()).toEqual([2]);
    },
  );
});
