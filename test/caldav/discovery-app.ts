/**
 * The app that the CalDAV calendar discovery tests drive against a real Radicale: its queue
 * running with the task handlers on the test's clock, a user in Lisbon with an API token, her
 * Radicale account connected through the API, and what the periodic `refresh_calendar_lists`
 * task does. Each test makes its own collections before connecting and keeps its assertions.
 */
import { expect } from 'vitest';
import { REFRESH_CALENDAR_LISTS, taskHandlers } from '../../src/app/tasks.js';
import type { Scope, Store } from '../../src/store/store.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

export interface CaldavDiscoveryOptions {
  store: Store;
  clock: () => Date;
  orgName: string;
  /** The Radicale account, which is also the user's name and mailbox at northwind.io. */
  username: string;
  password: string;
  serverUrl: string;
}

export interface CaldavDiscoveryApp {
  api: TestApi;
  token: string;
  scope: Scope;
  /** What the periodic `refresh_calendar_lists` task does, then what it queued. */
  refreshLists: () => Promise<void>;
}

/** Builds the app, creates the user and connects her Radicale account (its sync done). */
export async function connectCaldavDiscoveryApp(
  options: CaldavDiscoveryOptions,
): Promise<CaldavDiscoveryApp> {
  const { store, clock, username } = options;
  const api = await buildTestApi(store, {}, clock);
  const handlers = taskHandlers(api.app, clock);
  api.app.queue.start(handlers);
  const org = await store.organisations.create({
    name: options.orgName,
    internalDomains: ['northwind.io'],
  });
  const created = await store.users.create(org.id, {
    email: `${username}@northwind.io`,
    name: username,
    timeZone: 'Europe/Lisbon',
  });
  const scope = { orgId: org.id, userId: created.id };
  const token = (await store.apiTokens.create(scope, 'test')).token;
  const response = await api.server.inject({
    method: 'POST',
    url: '/api/v1/calendar/providers/caldav/connect/',
    headers: bearer(token),
    payload: { serverUrl: options.serverUrl, username, password: options.password },
  });
  expect(response.statusCode, response.body).toBe(201);
  await api.app.queue.drain();
  const refreshLists = async () => {
    await handlers.get(REFRESH_CALENDAR_LISTS)!(null, {
      jobId: 'test',
      attempt: 1,
      signal: new AbortController().signal,
    });
    await api.app.queue.drain();
  };
  return { api, token, scope, refreshLists };
}
