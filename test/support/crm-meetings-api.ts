/**
 * API test suites' set-up: the application built before the suite's tests (with its task queue
 * running, or not), Northwind's user and token, and for lists by CRM account the Northwind
 * organisation's sales feed with Acme in the CRM and one call with Globex.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { taskHandlers } from '../../src/app/tasks.js';
import type { Store } from '../../src/store/store.js';
import type { StoreContext } from './databases.js';
import { importCalendar, putAcmeCrm, salesFeed, seedNorthwind } from './meetings.js';
import { bearer, buildTestApi, TEST_NOW, type TestApi } from './test-app.js';

/** The application, built with its queue running before the suite's tests, closed after. */
export function useQueuedApi(context: () => StoreContext): () => TestApi {
  return useApi(context, { queued: true });
}

/** The application, built before the suite's tests (its queue idle unless `queued`), closed after. */
export function useApi(context: () => StoreContext, options = { queued: false }): () => TestApi {
  let api: TestApi | undefined;
  beforeAll(async () => {
    api = await buildTestApi(context().store);
    if (options.queued) api.app.queue.start(taskHandlers(api.app, () => TEST_NOW));
  });
  afterAll(async () => api?.close());
  return () => {
    if (!api) throw new Error('the application is built in beforeAll');
    return api;
  };
}

/** The application (queue idle) and Northwind's ana with her API token, made before the suite's tests. */
export function useNorthwindApi(context: () => StoreContext): {
  api: () => TestApi;
  token: () => string;
} {
  const api = useApi(context);
  let token: string | undefined;
  beforeAll(async () => {
    ({ token } = await seedNorthwind(context().store));
  });
  return {
    api,
    token: () => {
      if (token === undefined) throw new Error('Northwind is seeded in beforeAll');
      return token;
    },
  };
}

/** Puts one CRM account of one domain, and checks it was taken. */
export async function putAccount(
  api: TestApi,
  token: string,
  account: { externalId: string; name: string; domain: string },
): Promise<void> {
  const response = await api.server.inject({
    method: 'PUT',
    url: '/api/v1/crm/accounts/',
    headers: bearer(token),
    payload: {
      accounts: [{ externalId: account.externalId, name: account.name, domains: [account.domain] }],
    },
  });
  expect(response.statusCode, response.body).toBe(200);
}

/**
 * Northwind with Acme (acc-1) in its CRM, its sales feed imported and detected, whose single
 * meeting is a call with buyer@globex.com ("Globex call", unless `call` names another attendee
 * and title); Globex is a CRM account only when `globexId` gives its externalId (from Acme's
 * calintel id, for a test of ids that collide).
 */
export async function seedAcmeAndGlobexCall(
  api: TestApi,
  store: Store,
  globexId?: (acmeId: string) => string,
  call: { attendee: string; title: string } = {
    attendee: 'buyer@globex.com',
    title: 'Globex call',
  },
): Promise<{ token: string; orgId: string; acmeId: string }> {
  const { token, orgId } = await seedNorthwind(store);
  const acmeId = await putAcmeCrm(api.server, token);
  if (globexId)
    await putAccount(api, token, {
      externalId: globexId(acmeId),
      name: 'Globex',
      domain: 'globex.com',
    });
  const feed = salesFeed({ singleAttendee: call.attendee, singleTitle: call.title });
  await importCalendar(api.server, token, feed);
  await api.app.queue.drain();
  return { token, orgId, acmeId };
}
