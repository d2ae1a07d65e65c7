/**
 * A suite's test API that runs calendar syncs, one feed server for the suite, and a fresh user
 * with an API token for each test (no calendars yet: everything comes from the feed).
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { SYNC_CALENDAR_JOB } from '../../src/app/services/sync.service.js';
import type { Scope } from '../../src/store/store.js';
import type { StoreContext } from './databases.js';
import { sampleFeed, startFeedServer, type FeedServer } from './feed-server.js';
import { buildTestApi, type TestApi } from './test-app.js';

export interface FeedApi {
  api: TestApi;
  feed: FeedServer;
  token: string;
  scope: Scope;
}

/** Registers the suite's hooks; call the result inside a test. */
export function useFeedApi(context: () => StoreContext, label: string): () => FeedApi {
  let api: TestApi | undefined;
  let feed: FeedServer | undefined;
  let user: { token: string; scope: Scope } | undefined;

  beforeAll(async () => {
    const built = await buildTestApi(context().store);
    built.app.queue.start(
      new Map([[SYNC_CALENDAR_JOB, (payload: unknown) => built.app.sync.runJob(payload)]]),
    );
    api = built;
    feed = await startFeedServer(sampleFeed());
  });

  beforeEach(async () => {
    const { store } = context();
    const org = await store.organisations.create({
      name: `${label} ${Math.random()}`,
      internalDomains: ['northwind.io'],
    });
    const created = await store.users.create(org.id, { email: 'ana@northwind.io' });
    const scope = { orgId: org.id, userId: created.id };
    user = { scope, token: (await store.apiTokens.create(scope, 'test')).token };
    feed?.setBody(sampleFeed());
    feed?.setStatus(null);
    feed?.setContentType('text/calendar; charset=utf-8');
  });

  afterAll(async () => {
    await api?.close();
    await feed?.close();
  });

  return () => {
    if (!api || !feed || !user) throw new Error(`the ${label} feed API did not start`);
    return { api, feed, ...user };
  };
}
