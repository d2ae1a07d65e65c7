import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGoogleEmulator, type GoogleEvent, type RunningGoogleEmulator } from './index.js';
import {
  buildEvent,
  buildSeed,
  connect,
  failure,
  listAll,
  NO_RETRY,
  NOW,
  type Connected,
} from './test-kit.js';

const CAL = 'alice@example.com';
const BERLIN = 'Europe/Berlin';

let emulator: RunningGoogleEmulator;
let client: Connected;

const seed = buildSeed(
  [
    buildEvent({ id: 'single1', summary: 'Single' }),
    {
      id: 'series1',
      summary: 'Daily',
      start: { dateTime: '2026-03-02T09:00:00+01:00', timeZone: BERLIN },
      end: { dateTime: '2026-03-02T09:30:00+01:00', timeZone: BERLIN },
      recurrence: ['RRULE:FREQ=DAILY;COUNT=3'],
    },
  ],
  BERLIN,
);

beforeEach(async () => {
  emulator = await startGoogleEmulator({ seed, now: () => NOW });
  client = await connect(emulator);
});

afterEach(async () => {
  await emulator.close();
});

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${emulator.url}/__control${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

async function truth(singleEvents: boolean): Promise<GoogleEvent[]> {
  const path = `/calendars/${encodeURIComponent(CAL)}/events?singleEvents=${singleEvents}`;
  return ((await control('GET', path)).body as { items: GoogleEvent[] }).items;
}

const events = `/calendars/${encodeURIComponent(CAL)}/events`;

describe('control API', () => {
  it('adds, patches, moves and cancels events and instances; the truth equals a full events.list', async () => {
    const added = await control('POST', events, {
      id: 'added1',
      summary: 'Added',
      start: { date: '2026-03-05' },
      end: { date: '2026-03-06' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      id: 'added1',
      status: 'confirmed',
      iCalUID: 'added1@google.com',
    });
    expect((await control('PATCH', `${events}/single1`, { summary: 'Renamed' })).status).toBe(200);
    const moved = await control('POST', `${events}/series1_20260303T080000Z/move`, {
      start: { dateTime: '2026-03-03T15:00:00+01:00', timeZone: BERLIN },
      end: { dateTime: '2026-03-03T15:30:00+01:00', timeZone: BERLIN },
    });
    expect(moved.body).toMatchObject({ recurringEventId: 'series1', summary: 'Daily' });
    await control('POST', `${events}/series1_20260304T080000Z/cancel`);

    for (const singleEvents of [true, false]) {
      const { items } = await listAll(client.api, { calendarId: CAL, singleEvents });
      expect(await truth(singleEvents)).toEqual(JSON.parse(JSON.stringify(items)));
    }
    expect(
      (await truth(true)).map((e) => [e.id, e.summary, e.start?.dateTime ?? e.start?.date]),
    ).toEqual([
      ['series1_20260302T080000Z', 'Daily', '2026-03-02T09:00:00+01:00'],
      ['single1', 'Renamed', '2026-03-02T09:00:00Z'],
      ['series1_20260303T080000Z', 'Daily', '2026-03-03T15:00:00+01:00'],
      ['added1', 'Added', '2026-03-05'],
    ]);
  });

  it('deletes as a tombstone, and purge forgets it and the calendar’s sync tokens', async () => {
    const { pages } = await listAll(client.api, { calendarId: CAL });
    const syncToken = pages.at(-1)?.nextSyncToken ?? '';
    expect((await control('DELETE', `${events}/single1`)).status).toBe(204);
    const { data } = await client.api.events.list({ calendarId: CAL, syncToken });
    expect(data.items?.map((e) => [e.id, e.status])).toEqual([['single1', 'cancelled']]);
    expect((await control('DELETE', `${events}/single1?purge=true`)).status).toBe(204);
    const withDeleted = await listAll(client.api, { calendarId: CAL, showDeleted: true });
    expect(withDeleted.items.map((e) => e.id)).toEqual(['series1']);
    const gone = await failure(
      client.api.events.list({ calendarId: CAL, syncToken: data.nextSyncToken ?? '' }, NO_RETRY),
    );
    expect(gone.status).toBe(410);
  });

  it('answers 404 for an unknown calendar or event, and 400 for a bad body', async () => {
    expect((await control('PATCH', `${events}/missing`, { summary: 'x' })).status).toBe(404);
    expect((await control('POST', '/calendars/nope/events', buildEvent())).status).toBe(404);
    expect((await control('POST', events, { summary: 'no times' })).status).toBe(400);
    expect((await control('POST', '/faults', { fault: 'nonsense' })).status).toBe(400);
  });

  it('sets and clears faults, and reads and changes settings', async () => {
    const rule = await control('POST', '/faults', { fault: 'backendError', times: 2 });
    expect(rule).toMatchObject({ status: 201, body: { id: expect.any(String), fired: 0 } });
    expect(((await control('GET', '/faults')).body as unknown[]).length).toBe(1);
    expect((await failure(client.api.calendarList.list({}, NO_RETRY))).status).toBe(500);
    expect((await control('DELETE', '/faults')).status).toBe(204);
    await expect(client.api.calendarList.list({}, NO_RETRY)).resolves.toMatchObject({
      status: 200,
    });

    const patched = await control('PATCH', '/settings', { accessTokenLifetimeSeconds: 120 });
    expect(patched.body).toMatchObject({ accessTokenLifetimeSeconds: 120, consent: 'auto' });
    expect((await control('PATCH', '/settings', { unknown: true })).status).toBe(400);
  });

  it('expires access tokens and revokes refresh tokens on request', async () => {
    expect((await control('POST', '/tokens/expire-access', {})).body).toEqual({ expired: 1 });
    expect((await failure(client.api.calendarList.list({}, NO_RETRY))).status).toBe(401);
    const revoked = await control('POST', '/tokens/invalidate-refresh', { user: CAL });
    expect(revoked.body).toEqual({ revoked: 1 });
    const refresh = await failure(client.oauth.refreshAccessToken());
    expect(refresh.status).toBe(400);
  });

  it('invalidates sync tokens, adds calendars, and resets to the seed', async () => {
    const { pages } = await listAll(client.api, { calendarId: CAL });
    const syncToken = pages.at(-1)?.nextSyncToken ?? '';
    const invalidated = await control(
      'POST',
      `/calendars/${encodeURIComponent(CAL)}/invalidate-sync-tokens`,
    );
    expect(invalidated.body).toEqual({ invalidated: 1 });
    expect(
      (await failure(client.api.events.list({ calendarId: CAL, syncToken }, NO_RETRY))).status,
    ).toBe(410);

    await control('POST', `/users/${encodeURIComponent(CAL)}/calendars`, {
      id: 'extra@example.com',
      summary: 'Extra',
    });
    const list = await client.api.calendarList.list();
    expect(list.data.items?.map((c) => c.id)).toContain('extra@example.com');

    await control('POST', events, buildEvent({ id: 'temp1' }));
    expect((await control('POST', '/reset')).status).toBe(204);
    expect((await truth(false)).map((e) => e.id).sort()).toEqual(['series1', 'single1']);
    const users = (await control('GET', '/users')).body as { calendars: unknown[] }[];
    expect(users[0]?.calendars).toHaveLength(2);
  });

  it('lists channels and deliveries', async () => {
    expect((await control('GET', '/channels')).body).toEqual([]);
    expect((await control('GET', '/deliveries')).body).toEqual([]);
  });
});
