/**
 * Conflicts against Google, end to end: a calendar connected with write access, synced, its
 * meetings detected and its conflicts found; the organisation's policy releases the rep's own
 * hold under a customer call (deleted in Google, since the rep opted in), and a decline applied
 * through the API is written to Google as the rep's answer.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import type { GoogleSeed } from '../../emulators/google/types.js';
import type { ConflictView } from '../../src/api/conflicts-schemas.js';
import { taskHandlers } from '../../src/app/tasks.js';
import { describeEachDialect } from '../support/databases.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';
import { googleEmulatorEnv } from '../support/google-env.js';
import { finishCallbackInject } from '../support/oauth-callback.js';

const DANA = 'dana@northwind.io';
const DAY_MS = 86_400_000;
const tomorrow =
  Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) + DAY_MS;
const at = (hour: number, minute = 0) =>
  new Date(tomorrow + hour * 3_600_000 + minute * 60_000).toISOString();
const person = (email: string, extra: object = {}) => ({
  email,
  responseStatus: 'accepted' as const,
  ...extra,
});

function seed(): GoogleSeed {
  const self = { email: DANA, self: true, responseStatus: 'accepted' as const };
  return {
    users: [
      {
        email: DANA,
        name: 'Dana Reyes',
        calendars: [
          {
            id: DANA,
            summary: 'Dana Reyes',
            timeZone: 'UTC',
            primary: true,
            events: [
              {
                id: 'demo1',
                summary: 'Globex product demo',
                start: { dateTime: at(10) },
                end: { dateTime: at(11) },
                organizer: { email: 'buyer@globex.com' },
                attendees: [person('buyer@globex.com', { organizer: true }), self],
                hangoutLink: 'https://meet.google.com/abc-defg-hij',
              },
              {
                id: 'oneonone1',
                summary: '1:1 with Dana',
                start: { dateTime: at(10, 30) },
                end: { dateTime: at(11) },
                organizer: { email: 'lee@northwind.io' },
                attendees: [person('lee@northwind.io', { organizer: true }), self],
              },
              {
                id: 'pricing1',
                summary: 'Globex pricing call',
                start: { dateTime: at(15) },
                end: { dateTime: at(15, 45) },
                organizer: { email: 'buyer@globex.com' },
                attendees: [person('buyer@globex.com', { organizer: true }), self],
                hangoutLink: 'https://meet.google.com/klm-nopq-rst',
              },
              {
                id: 'hold1',
                summary: 'Hold',
                start: { dateTime: at(15) },
                end: { dateTime: at(16) },
                organizer: { email: DANA, self: true },
              },
            ],
          },
        ],
      },
    ],
  };
}

describeEachDialect('conflicts written back to Google', (context) => {
  let emulator: RunningGoogleEmulator;
  let api: TestApi;
  let token: string;

  const call = async (method: string, url: string, payload?: object) =>
    api.server.inject({
      method: method as 'GET',
      url: `/api/v1/calendar${url}`,
      headers: bearer(token),
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    emulator = await startGoogleEmulator({ seed: seed() });
    api = await buildTestApi(
      context().store,
      {
        ...googleEmulatorEnv(emulator),
        CALINTEL_PUBLIC_URL: 'http://127.0.0.1:9',
      },
      () => new Date(),
    );
    api.app.queue.start(taskHandlers(api.app));
    const orgName = `Northwind write-back ${context().dialect}`;
    await api.app.admin.createUser({
      email: DANA,
      orgName,
      name: 'Dana Reyes',
      timeZone: 'UTC',
      internalDomains: ['northwind.io'],
    });
    token = (await api.app.admin.createToken({ email: DANA, orgName, name: 'e2e' })).token;
  });

  afterAll(async () => {
    await api?.close();
    await emulator?.close();
  });

  it('the policy releases the own hold in Google; a decline through the API answers for the rep', async () => {
    const settings = await call('PATCH', '/conflicts/settings/', {
      writeBack: true,
      policy: { autoResolve: { enabled: true } },
    });
    expect(settings.statusCode, settings.body).toBe(200);

    const started = await call('POST', '/providers/google/connect/', { writeAccess: true });
    const url = new URL(started.json().authorizationUrl);
    expect(url.searchParams.get('scope')).toContain('calendar.events');
    const consent = await fetch(url, { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location') ?? '');
    const finished = await finishCallbackInject(
      api.server,
      `${callback.pathname}${callback.search}`,
    );
    expect(finished.statusCode, finished.body).toBe(200);
    await api.app.queue.drain();

    const listed = await call('GET', '/conflicts/');
    const conflicts = listed.json().items as ConflictView[];
    const byTitles = (a: string, b: string) =>
      conflicts.find(
        (c) =>
          c.events
            .map((e) => e.title)
            .sort()
            .join('|') === [a, b].sort().join('|'),
      );
    // Found by who resolved it: once the hold is gone from Google, a later sync removes it here
    // too, and the conflict then lists only the call.
    const hold = conflicts.find((c) => c.kind === 'overlap' && c.resolvedBy === 'policy');
    expect(hold?.events.map((e) => e.title)).toContain('Globex pricing call');
    expect(hold).toMatchObject({
      status: 'resolved',
      resolvedBy: 'policy',
      resolution: { writeBack: { status: 'done' } },
    });
    expect(
      emulator.state.listTruth(DANA, { showDeleted: true }).find((e) => e.id === 'hold1')?.status,
    ).toBe('cancelled');

    const overlap = byTitles('Globex product demo', '1:1 with Dana');
    expect(overlap).toMatchObject({ status: 'open' });
    const oneOnOne = overlap!.events.find((e) => e.title === '1:1 with Dana')!;
    const decline = overlap!.suggestions.find(
      (s) => s.action === 'decline' && s.eventId === oneOnOne.id,
    );
    expect(decline, JSON.stringify(overlap!.suggestions)).toBeDefined();
    const resolved = await call('POST', `/conflicts/${overlap!.id}/resolve/`, {
      action: 'apply',
      suggestionId: decline!.id,
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json().writeBack).toEqual({
      status: 'done',
      message: 'declined in your calendar',
    });
    const answered = emulator.state.listTruth(DANA).find((e) => e.id === 'oneonone1');
    expect(answered?.attendees?.find((a) => a.email === DANA)?.responseStatus).toBe('declined');
  });
});
