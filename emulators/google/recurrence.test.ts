import type { calendar_v3 } from '@googleapis/calendar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGoogleEmulator, type GoogleEventInput, type RunningGoogleEmulator } from './index.js';
import { buildSeed, connect, listAll, NOW, type Connected } from './test-kit.js';

const CAL = 'alice@example.com';
const BERLIN = 'Europe/Berlin';

/**
 * A weekly Monday 09:00 Berlin series of five (2026-03-02 .. 03-30, across the DST change on
 * 03-29), the 03-09 instance moved to Tuesday 14:00, the 03-16 one cancelled, 03-23 EXDATE'd;
 * plus an all-day event and a two-day all-day series.
 */
function seriesSeed(): GoogleEventInput[] {
  return [
    {
      id: 'weekly1',
      summary: 'Weekly',
      start: { dateTime: '2026-03-02T09:00:00+01:00', timeZone: BERLIN },
      end: { dateTime: '2026-03-02T10:00:00+01:00', timeZone: BERLIN },
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=5', 'EXDATE;TZID=Europe/Berlin:20260323T090000'],
    },
    {
      id: 'weekly1_20260309T080000Z',
      recurringEventId: 'weekly1',
      originalStartTime: { dateTime: '2026-03-09T09:00:00+01:00', timeZone: BERLIN },
      summary: 'Weekly (moved)',
      start: { dateTime: '2026-03-10T14:00:00+01:00', timeZone: BERLIN },
      end: { dateTime: '2026-03-10T15:00:00+01:00', timeZone: BERLIN },
    },
    {
      recurringEventId: 'weekly1',
      originalStartTime: { dateTime: '2026-03-16T09:00:00+01:00', timeZone: BERLIN },
      status: 'cancelled',
    },
    {
      id: 'allday1',
      summary: 'Offsite',
      start: { date: '2026-03-04' },
      end: { date: '2026-03-05' },
    },
    {
      id: 'daily1',
      summary: 'Conference',
      start: { date: '2026-03-05' },
      end: { date: '2026-03-06' },
      recurrence: ['RRULE:FREQ=DAILY;COUNT=2'],
    },
  ];
}

let emulator: RunningGoogleEmulator;
let client: Connected;
let now = NOW;

beforeEach(async () => {
  now = NOW;
  emulator = await startGoogleEmulator({ seed: buildSeed(seriesSeed(), BERLIN), now: () => now });
  client = await connect(emulator);
});

afterEach(async () => {
  await emulator.close();
});

const list = (params: calendar_v3.Params$Resource$Events$List = {}) =>
  listAll(client.api, { calendarId: CAL, ...params });

describe('singleEvents=false', () => {
  it('lists masters with recurrence, the moved exception, and the cancelled one even without showDeleted', async () => {
    const { items } = await list();
    const byId = new Map(items.map((e) => [e.id, e]));
    expect([...byId.keys()].sort()).toEqual([
      'allday1',
      'daily1',
      'weekly1',
      'weekly1_20260309T080000Z',
      'weekly1_20260316T080000Z',
    ]);
    expect(byId.get('weekly1')?.recurrence).toEqual([
      'RRULE:FREQ=WEEKLY;COUNT=5',
      'EXDATE;TZID=Europe/Berlin:20260323T090000',
    ]);
    expect(byId.get('weekly1_20260309T080000Z')).toMatchObject({
      recurringEventId: 'weekly1',
      originalStartTime: { dateTime: '2026-03-09T09:00:00+01:00', timeZone: BERLIN },
      start: { dateTime: '2026-03-10T14:00:00+01:00' },
    });
    const cancelled = byId.get('weekly1_20260316T080000Z');
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      recurringEventId: 'weekly1',
      originalStartTime: { dateTime: '2026-03-16T09:00:00+01:00', timeZone: BERLIN },
    });
    expect(Object.keys(cancelled ?? {}).sort()).toEqual([
      'etag',
      'id',
      'kind',
      'originalStartTime',
      'recurringEventId',
      'status',
    ]);
    expect(byId.get('allday1')?.start).toEqual({ date: '2026-03-04' });
  });
});

describe('singleEvents=true', () => {
  it('expands series into instances with Google’s ids, applying exceptions and the zone’s DST', async () => {
    const { items } = await list({ singleEvents: true, orderBy: 'startTime' });
    expect(items.map((e) => [e.id, e.start?.dateTime ?? e.start?.date, e.summary])).toEqual([
      ['weekly1_20260302T080000Z', '2026-03-02T09:00:00+01:00', 'Weekly'],
      ['allday1', '2026-03-04', 'Offsite'],
      ['daily1_20260305', '2026-03-05', 'Conference'],
      ['daily1_20260306', '2026-03-06', 'Conference'],
      ['weekly1_20260309T080000Z', '2026-03-10T14:00:00+01:00', 'Weekly (moved)'],
      // After the switch to summer time the instance stays at 09:00 local, 07:00 UTC.
      ['weekly1_20260330T070000Z', '2026-03-30T09:00:00+02:00', 'Weekly'],
    ]);
    const instance = items.find((e) => e.id === 'weekly1_20260330T070000Z');
    expect(instance).toMatchObject({
      recurringEventId: 'weekly1',
      originalStartTime: { dateTime: '2026-03-30T09:00:00+02:00', timeZone: BERLIN },
      end: { dateTime: '2026-03-30T10:00:00+02:00', timeZone: BERLIN },
      iCalUID: 'weekly1@google.com',
    });
    expect(instance?.recurrence).toBeUndefined();
    expect(items.find((e) => e.id === 'daily1_20260306')).toMatchObject({
      originalStartTime: { date: '2026-03-06' },
      end: { date: '2026-03-07' },
    });
  });

  it('adds cancelled and EXDATE’d instances as cancelled entries with showDeleted', async () => {
    const { items } = await list({ singleEvents: true, showDeleted: true });
    const cancelled = items.filter((e) => e.status === 'cancelled').map((e) => e.id);
    expect(cancelled.sort()).toEqual(['weekly1_20260316T080000Z', 'weekly1_20260323T080000Z']);
  });

  it('expands unbounded series up to the horizon, and further as the clock moves on', async () => {
    emulator.state.updateSettings({ expansionHorizonDays: 30 });
    emulator.state.addEvent(CAL, {
      id: 'open1',
      summary: 'Open-ended',
      start: { dateTime: '2026-03-02T12:00:00Z', timeZone: 'UTC' },
      end: { dateTime: '2026-03-02T13:00:00Z', timeZone: 'UTC' },
      recurrence: ['RRULE:FREQ=WEEKLY'],
    });
    const first = await list({ singleEvents: true, q: 'Open-ended' });
    expect(first.items.map((e) => e.id)).toEqual([
      'open1_20260302T120000Z',
      'open1_20260309T120000Z',
      'open1_20260316T120000Z',
      'open1_20260323T120000Z',
      'open1_20260330T120000Z',
    ]);
    const { syncToken } = await fullSyncToken({ singleEvents: true });
    now = new Date('2026-03-08T00:00:00Z');
    client = await connect(emulator); // a week on, the old access token has expired
    const { data } = await client.api.events.list({
      calendarId: CAL,
      singleEvents: true,
      syncToken,
    });
    expect(data.items?.map((e) => e.id)).toEqual(['open1_20260406T120000Z']);
  });
});

async function fullSyncToken(params: calendar_v3.Params$Resource$Events$List) {
  const { pages } = await list(params);
  return { syncToken: pages.at(-1)?.nextSyncToken ?? '' };
}

describe('incremental sync of series (singleEvents=true)', () => {
  it('returns only the instances a change touched, and cancelled entries for vanished ones', async () => {
    const { syncToken: t0 } = await fullSyncToken({ singleEvents: true });
    emulator.state.cancelEvent(CAL, 'weekly1_20260330T070000Z');
    const cancelledOne = await client.api.events.list({
      calendarId: CAL,
      singleEvents: true,
      syncToken: t0,
    });
    expect(cancelledOne.data.items).toEqual([
      expect.objectContaining({
        id: 'weekly1_20260330T070000Z',
        status: 'cancelled',
        recurringEventId: 'weekly1',
        originalStartTime: { dateTime: '2026-03-30T09:00:00+02:00', timeZone: BERLIN },
      }),
    ]);

    // Renaming the master changes every instance it describes, not the edited exception.
    const t1 = cancelledOne.data.nextSyncToken ?? '';
    emulator.state.updateEvent(CAL, 'weekly1', { summary: 'Weekly sync' });
    const renamed = await client.api.events.list({
      calendarId: CAL,
      singleEvents: true,
      syncToken: t1,
    });
    expect(renamed.data.items?.map((e) => [e.id, e.status, e.summary])).toEqual([
      ['weekly1_20260302T080000Z', 'confirmed', 'Weekly sync'],
    ]);

    // Shortening the series makes instances vanish: they come back as cancelled entries (the
    // one left changed too: its `updated` is the master's).
    const t2 = renamed.data.nextSyncToken ?? '';
    emulator.state.updateEvent(CAL, 'daily1', { recurrence: ['RRULE:FREQ=DAILY;COUNT=1'] });
    const shortened = await client.api.events.list({
      calendarId: CAL,
      singleEvents: true,
      syncToken: t2,
    });
    expect(shortened.data.items?.map((e) => [e.id, e.status, e.recurringEventId])).toEqual([
      ['daily1_20260305', 'confirmed', 'daily1'],
      ['daily1_20260306', 'cancelled', 'daily1'],
    ]);

    // Deleting a series cancels each instance that was still listed.
    const t3 = shortened.data.nextSyncToken ?? '';
    emulator.state.deleteEvent(CAL, 'daily1');
    const deleted = await client.api.events.list({
      calendarId: CAL,
      singleEvents: true,
      syncToken: t3,
    });
    expect(deleted.data.items?.map((e) => [e.id, e.status])).toEqual([
      ['daily1_20260305', 'cancelled'],
    ]);
  });

  it('reports a deleted series cancelled only about six months ahead, as Google does', async () => {
    emulator.state.addEvent(CAL, {
      id: 'open2',
      summary: 'Open-ended',
      start: { dateTime: '2026-03-02T12:00:00Z', timeZone: 'UTC' },
      end: { dateTime: '2026-03-02T13:00:00Z', timeZone: 'UTC' },
      recurrence: ['RRULE:FREQ=WEEKLY'],
    });
    const listed = await list({ singleEvents: true, q: 'Open-ended' });
    const last = listed.items.at(-1)?.start?.dateTime ?? '';
    expect(Date.parse(last)).toBeGreaterThan(NOW.getTime() + 700 * 86_400_000);
    const { syncToken } = await fullSyncToken({ singleEvents: true });
    emulator.state.deleteEvent(CAL, 'open2');
    const { data } = await client.api.events.list({
      calendarId: CAL,
      singleEvents: true,
      syncToken,
    });
    const reported = data.items ?? [];
    expect(reported.every((e) => e.status === 'cancelled' && e.recurringEventId === 'open2')).toBe(
      true,
    );
    // Up to 2026-08-31T00:00Z (183 days past now): 26 Mondays; the rest goes unreported.
    expect(reported.map((e) => e.id).at(-1)).toBe('open2_20260824T120000Z');
    expect(reported).toHaveLength(26);
    // The master itself still answers events.get, cancelled.
    const master = await client.api.events.get({ calendarId: CAL, eventId: 'open2' });
    expect(master.data.status).toBe('cancelled');
  });

  it('moving an instance creates an exception that both views show', async () => {
    const { syncToken } = await fullSyncToken({});
    emulator.state.moveEvent(CAL, 'weekly1_20260302T080000Z', {
      start: { dateTime: '2026-03-02T16:00:00+01:00', timeZone: BERLIN },
      end: { dateTime: '2026-03-02T17:00:00+01:00', timeZone: BERLIN },
    });
    const { data } = await client.api.events.list({ calendarId: CAL, syncToken });
    expect(
      data.items?.map((e) => [e.id, e.recurringEventId, e.originalStartTime?.dateTime]),
    ).toEqual([['weekly1_20260302T080000Z', 'weekly1', '2026-03-02T09:00:00+01:00']]);
    const truth = emulator.state.listTruth(CAL, { singleEvents: true });
    expect(truth.find((e) => e.id === 'weekly1_20260302T080000Z')?.start?.dateTime).toBe(
      '2026-03-02T16:00:00+01:00',
    );
  });
});
