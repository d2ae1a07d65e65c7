/**
 * `POST /sync/` narrowed to a provider or a connection lists again only the calendars of the
 * accounts it names, as `calintel sync --provider` does. Before, the listing job it queued
 * carried the user alone and listed every account of the user: a Google-only sync called
 * Outlook's calendar list too. Google and Outlook are their emulators, both connected by Dana.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import {
  fetchTrusting,
  startMicrosoftEmulator,
  type RunningMicrosoftEmulator,
} from '../../emulators/microsoft/index.js';
import type { Scope } from '../../src/store/store.js';
import { describeEachDialect } from '../support/databases.js';
import {
  DANA,
  danaAtGoogle,
  danaAtOutlook,
  danasOutlookCalendar,
  danasPrimaryCalendar,
  discoveryApp,
  googleMeeting,
  microsoftEmulatorEnv,
} from '../support/discovery-env.js';
import { googleEmulatorEnv } from '../support/google-env.js';
import type { TestApi } from '../support/test-app.js';

describeEachDialect('a sync narrowed to one provider or connection', (context) => {
  let google: RunningGoogleEmulator;
  let outlook: RunningMicrosoftEmulator;
  let api: TestApi;
  let scope: Scope;

  const app = discoveryApp();
  const { call, settle, calendarNamed } = app;
  const outlookRequests = () => outlook.state.load().requests;
  const syncAsked = async (body: Record<string, unknown>) => {
    expect((await call('POST', '/api/v1/calendar/sync/', body)).status).toBe(202);
    await settle();
  };

  beforeAll(async () => {
    google = await startGoogleEmulator({
      seed: danaAtGoogle([danasPrimaryCalendar([googleMeeting('own1', 24)])]),
      pushRetryDelaysMs: [20, 40],
    });
    outlook = await startMicrosoftEmulator({
      seed: danaAtOutlook([danasOutlookCalendar()]),
      settings: { notificationRetryDelaysMs: [20, 40], deliveryTimeoutMs: 2_000 },
    });
    ({ api, scope } = await app.start({
      store: context().store,
      env: { ...googleEmulatorEnv(google), ...microsoftEmulatorEnv(outlook) },
      appOptions: { microsoftFetch: fetchTrusting(outlook.ca) },
      orgName: `Northwind narrowed sync ${context().dialect}`,
      tokenName: 'narrowed',
      settled: async () => {
        await google.state.deliveriesSettled();
        await outlook.state.deliveriesSettled();
      },
    }));
    await app.connect('google');
    await app.connect('outlook', { loginHint: DANA }, fetchTrusting(outlook.ca));
  });

  afterAll(async () => {
    await outlook?.state.deliveriesSettled();
    await app.close();
    await google?.close();
    await outlook?.close();
  });

  it('lists the Google account only when Google is asked for', async () => {
    google.state.addCalendar(DANA, {
      id: 'later@group.calendar.google.com',
      summary: 'Partner deals',
      timeZone: 'Europe/Berlin',
      events: [googleMeeting('later1', 30)],
    });
    outlook.state.addCalendar(DANA, { id: 'cal-deals', name: 'Deals', events: [] });
    const before = outlookRequests();
    await syncAsked({ provider: 'google' });
    expect(await calendarNamed('later@group.calendar.google.com')).toMatchObject({
      name: 'Partner deals',
    });
    expect(outlookRequests()).toBe(before);
    expect((await api.app.store.calendars.list(scope)).map((c) => c.name)).not.toContain('Deals');
  });

  it('lists that connection only when a connection is asked for', async () => {
    const connections = await api.app.store.connections.list(scope);
    const googleConnection = connections.find((c) => c.provider === 'google')!;
    const outlookConnection = connections.find((c) => c.provider === 'microsoft')!;
    const before = outlookRequests();
    await syncAsked({ connectionId: googleConnection.id });
    expect(outlookRequests()).toBe(before);
    // Asked for by its own connection, Outlook is listed and its new calendar found.
    await syncAsked({ connectionId: outlookConnection.id });
    expect((await api.app.store.calendars.list(scope)).map((c) => c.name)).toContain('Deals');
  });
});
