/**
 * An Outlook calendar created after the account was connected, against the Graph emulator: a
 * sync of everything asked for by the user (`POST /sync/` without a calendar) lists the
 * account's calendars again, stores the new one as connect does, subscribes it and syncs it.
 * Before, only connecting again would have found it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  fetchTrusting,
  startMicrosoftEmulator,
  type RunningMicrosoftEmulator,
} from '../../emulators/microsoft/index.js';
import { taskHandlers } from '../../src/app/tasks.js';
import { describeEachDialect } from '../support/databases.js';
import { finishCallbackFetch } from '../support/oauth-callback.js';
import { freePort } from '../support/ports.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';

const DANA = 'dana@northwind.io';
const HOUR_MS = 3_600_000;
const at = (hours: number) => ({
  dateTime: `${new Date(Date.now() + hours * HOUR_MS).toISOString().slice(0, 19)}.0000000`,
  timeZone: 'UTC',
});

describeEachDialect('an Outlook calendar created after connecting', (context) => {
  let emulator: RunningMicrosoftEmulator;
  let api: TestApi;
  let base: string;
  let token: string;
  let scope: { orgId: string; userId: string };

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: { ...bearer(token), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const settle = async () => {
    await emulator.state.deliveriesSettled();
    await api.app.queue.drain();
  };

  beforeAll(async () => {
    emulator = await startMicrosoftEmulator({
      seed: {
        users: [
          {
            email: DANA,
            name: 'Dana Reyes',
            calendars: [
              {
                id: 'cal-dana',
                name: 'Calendar',
                isDefaultCalendar: true,
                events: [{ id: 'AAMkOwn', subject: 'Pipeline review', start: at(24), end: at(25) }],
              },
            ],
          },
        ],
      },
      settings: { notificationRetryDelaysMs: [20, 40], deliveryTimeoutMs: 2_000 },
    });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = await buildTestApi(
      context().store,
      {
        MICROSOFT_CLIENT_ID: emulator.clientId,
        MICROSOFT_CLIENT_SECRET: emulator.clientSecret,
        MICROSOFT_AUTHORITY_URL: emulator.url,
        MICROSOFT_GRAPH_API_URL: emulator.url,
        CALINTEL_PUBLIC_URL: base,
        API_RATE_LIMIT_PER_MINUTE: '100000',
      },
      () => new Date(),
      { microsoftFetch: fetchTrusting(emulator.ca) },
    );
    await api.server.listen({ port, host: '127.0.0.1' });
    api.app.queue.start(taskHandlers(api.app));
    const orgName = `Northwind Outlook discovery ${context().dialect}`;
    const created = await api.app.admin.createUser({
      email: DANA,
      orgName,
      name: 'Dana Reyes',
      timeZone: 'Europe/Berlin',
      internalDomains: ['northwind.io'],
    });
    scope = { orgId: created.organisation.id, userId: created.user.id };
    token = (await api.app.admin.createToken({ email: DANA, orgName, name: 'discovery' })).token;
    const started = await call('POST', '/api/v1/calendar/providers/outlook/connect/', {
      loginHint: DANA,
    });
    const { authorizationUrl } = (await started.json()) as { authorizationUrl: string };
    const consent = await fetchTrusting(emulator.ca)(authorizationUrl, { redirect: 'manual' });
    const finished = await finishCallbackFetch(new URL(consent.headers.get('location') ?? ''));
    expect(finished.status).toBe(200);
    await settle();
  });

  afterAll(async () => {
    await emulator?.state.deliveriesSettled();
    await api?.close();
    await emulator?.close();
  });

  it('is found by a sync of everything, subscribed and synced', async () => {
    expect((await api.app.store.calendars.list(scope)).map((c) => c.name)).toEqual(['Calendar']);
    const added = emulator.state.addCalendar(DANA, {
      id: 'cal-deals',
      name: 'Deals',
      events: [{ id: 'AAMkDeal', subject: 'Acme negotiation', start: at(30), end: at(31) }],
    });
    expect((await call('POST', '/api/v1/calendar/sync/', {})).status).toBe(202);
    await settle();
    const deals = (await api.app.store.calendars.list(scope)).find((c) => c.name === 'Deals');
    expect(deals).toMatchObject({
      providerCalendarId: added.id,
      selected: true,
      missingSince: null,
    });
    expect((await api.app.store.syncStatus.get(scope, deals!.id))?.state).toBe('ok');
    const titles = (await api.app.store.events.list(scope, { limit: 50, cursor: null })).items
      .filter((item) => item.calendarId === deals!.id)
      .map((item) => item.event.title);
    expect(titles).toEqual(['Acme negotiation']);
    const subscribed = await api.app.store.pushChannels.list(scope, { status: 'active' });
    expect(subscribed.map((c) => c.calendarId)).toContain(deals!.id);
  });
});
