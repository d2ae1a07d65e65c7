/**
 * The Exchange provider against the EWS emulator through ews-javascript-api, driving the real
 * SyncEngine on a SQLite store: the store must end up showing what the emulator's calendar view
 * shows for the engine's window, after a first sync and after every kind of change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startExchangeEmulator,
  type RunningExchangeEmulator,
} from '../../emulators/exchange/index.js';
import { ALICE, ALICE_PASSWORD, buildItem, buildSeed } from '../../emulators/exchange/test-kit.js';
import { ExchangeClient } from '../../src/providers/exchange/exchange-client.js';
import { ExchangeProvider } from '../../src/providers/exchange/exchange-provider.js';
import { ProviderError } from '../../src/providers/provider.js';
import { SyncError } from '../../src/sync/sync-engine.js';
import { ENGINE_NOW, openHarness, WINDOW, type ExchangeHarness } from './harness.js';

const BASIC = { authType: 'basic', username: 'alice', password: ALICE_PASSWORD };
const DAY = 86_400_000;
const today = Date.UTC(
  ENGINE_NOW.getUTCFullYear(),
  ENGINE_NOW.getUTCMonth(),
  ENGINE_NOW.getUTCDate(),
);
const FROM = new Date(today - WINDOW.pastDays * DAY).toISOString();
const TO = new Date(today + WINDOW.futureDays * DAY).toISOString();

function seedItems() {
  return [
    buildItem({
      id: 'AAMkKickoff',
      subject: 'Kickoff',
      start: '2026-03-03T14:00:00Z',
      end: '2026-03-03T15:00:00Z',
    }),
    buildItem({
      id: 'AAMkReview',
      subject: 'Review',
      start: '2026-03-10T09:00:00Z',
      end: '2026-03-10T10:00:00Z',
    }),
    buildItem({
      id: 'AAMkOld',
      subject: 'Long ago',
      start: '2025-06-02T09:00:00Z',
      end: '2025-06-02T10:00:00Z',
    }),
    buildItem({
      id: 'AAMkOffsite',
      subject: 'Offsite',
      isAllDay: true,
      // 5-6 March in Berlin (CET): midnight local is 23:00 UTC the day before.
      start: '2026-03-04T23:00:00Z',
      end: '2026-03-06T23:00:00Z',
      legacyFreeBusyStatus: 'Free',
    }),
    buildItem({
      id: 'AAMkStandup',
      subject: 'Standup',
      // 10:00 Berlin every Monday and Wednesday since February: DST starts on 29 March.
      start: '2026-02-02T09:00:00Z',
      end: '2026-02-02T09:15:00Z',
      requiredAttendees: [{ email: 'bob@fabrikam.test', name: 'Bob', response: 'Accept' }],
      recurrence: {
        pattern: { type: 'Weekly', interval: 1, daysOfWeek: ['Monday', 'Wednesday'] },
        range: { type: 'NoEnd' },
      },
      modifiedOccurrences: [
        {
          originalStart: '2026-03-04T09:00:00Z',
          start: '2026-03-04T13:00:00Z',
          end: '2026-03-04T13:30:00Z',
          subject: 'Standup (moved)',
        },
      ],
      deletedOccurrences: ['2026-03-09T09:00:00Z'],
    }),
    buildItem({
      id: 'AAMkMonthly',
      subject: 'Pipeline review',
      start: '2026-01-30T15:00:00Z',
      end: '2026-01-30T16:00:00Z',
      recurrence: {
        pattern: {
          type: 'RelativeMonthly',
          interval: 1,
          daysOfWeek: ['Friday'],
          dayOfWeekIndex: 'Last',
        },
        range: { type: 'Numbered', numberOfOccurrences: 4 },
      },
    }),
  ];
}

/** What the calendar view shows, and what the store holds, in the same comparable form. */
async function expectStoreMatchesView(emulator: RunningExchangeEmulator, harness: ExchangeHarness) {
  const view = emulator.state
    .view(ALICE, FROM, TO)
    .map((v) => `${v.start} ${v.end} ${v.subject}`)
    .sort();
  const stored = (await harness.events()).map((e) => `${e.start} ${e.end} ${e.title}`).sort();
  expect(stored).toEqual(view);
  expect(stored.length).toBeGreaterThan(10);
}

describe('Exchange provider over plain HTTP with Basic', () => {
  let emulator: RunningExchangeEmulator;
  let harness: ExchangeHarness;

  beforeAll(async () => {
    emulator = await startExchangeEmulator({ protocol: 'http', seed: buildSeed(seedItems()) });
    harness = await openHarness(emulator, { secrets: BASIC, maxChangesReturned: 2 });
  });
  afterAll(async () => {
    await harness.close();
    await emulator.close();
  });

  it('lists the window as the calendar view shows it on a first sync, in snapshot pages', async () => {
    await harness.sync();
    expect(harness.runs.at(-1)!.length).toBeGreaterThan(1);
    expect(harness.runs.at(-1)!.every((mode) => mode === 'snapshot')).toBe(true);
    await expectStoreMatchesView(emulator, harness);
    const events = await harness.events();
    const offsite = events.find((e) => e.title === 'Offsite')!;
    expect(offsite).toMatchObject({
      allDay: true,
      startDate: '2026-03-05',
      endDate: '2026-03-07',
      timeZone: 'Europe/Berlin',
      transparency: 'transparent',
    });
    const moved = events.find((e) => e.title === 'Standup (moved)')!;
    expect(moved).toMatchObject({
      seriesId: 'AAMkStandup',
      originalStart: '2026-03-04T09:00:00Z',
      start: '2026-03-04T13:00:00.000Z',
    });
    const afterDst = events.find((e) => e.title === 'Standup' && e.start.startsWith('2026-03-30'));
    expect(afterDst?.start).toBe('2026-03-30T08:00:00.000Z');
    expect(afterDst?.attendees).toEqual([
      {
        email: 'bob@fabrikam.test',
        name: 'Bob',
        responseStatus: 'accepted',
        optional: false,
        resource: false,
      },
    ]);
    expect(events.some((e) => e.start.startsWith('2026-03-09'))).toBe(false);
  });

  it('brings created, updated and deleted items, and occurrence edits, as delta pages', async () => {
    const added = emulator.state.addItem(
      ALICE,
      buildItem({ subject: 'Demo', start: '2026-03-12T16:00:00Z', end: '2026-03-12T17:00:00Z' }),
    );
    emulator.state.moveItem(ALICE, 'AAMkKickoff', {
      start: '2026-03-05T14:00:00Z',
      end: '2026-03-05T15:00:00Z',
    });
    emulator.state.deleteItem(ALICE, 'AAMkReview');
    emulator.state.modifyOccurrence(ALICE, 'AAMkStandup', '2026-03-11T09:00:00Z', {
      start: '2026-03-11T12:00:00Z',
      end: '2026-03-11T12:30:00Z',
      subject: 'Standup (lunch)',
    });
    emulator.state.deleteOccurrence(ALICE, 'AAMkStandup', '2026-03-16T09:00:00Z');

    const outcome = await harness.sync();
    expect(harness.runs.at(-1)!.every((mode) => mode === 'delta')).toBe(true);
    await expectStoreMatchesView(emulator, harness);
    const events = await harness.events();
    expect(events.find((e) => e.providerEventId === added.id)?.title).toBe('Demo');
    expect(events.some((e) => e.providerEventId === 'AAMkReview')).toBe(false);
    expect(events.some((e) => e.start.startsWith('2026-03-16'))).toBe(false);
    expect(events.find((e) => e.title === 'Standup (lunch)')?.start).toBe(
      '2026-03-11T12:00:00.000Z',
    );
    // The review and the deleted occurrence; the edited occurrence keeps its id (an update).
    expect(outcome.deleted).toBe(2);

    // Nothing changed: one empty delta page that only moves the SyncState on.
    const quiet = await harness.sync();
    expect(quiet).toMatchObject({ added: 0, updated: 0, deleted: 0 });
  });

  it('recovers an invalid SyncState with a snapshot that removes what vanished', async () => {
    emulator.state.invalidateSyncStates(ALICE);
    emulator.state.deleteItem(ALICE, 'AAMkMonthly');
    await harness.sync();
    expect(harness.runs.at(-1)).toContain('snapshot');
    await expectStoreMatchesView(emulator, harness);
    expect((await harness.events()).some((e) => e.seriesId === 'AAMkMonthly')).toBe(false);
  });

  it('surfaces ErrorServerBusy as rate_limit with its back-off, then syncs again', async () => {
    emulator.state.addFault({ fault: 'serverBusy', times: 1, backOffMs: 45_000 });
    const failed = await harness.sync().catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(SyncError);
    expect((failed as SyncError).kind).toBe('rate_limit');
    const cause = (failed as SyncError).cause as ProviderError;
    expect(cause.retryAfterMs).toBe(45_000);
    emulator.state.addFault({ fault: 'serviceUnavailable', times: 1 });
    expect(((await harness.sync().catch((e: unknown) => e)) as SyncError).kind).toBe('rate_limit');
    await harness.sync();
    await expectStoreMatchesView(emulator, harness);
  });

  it('answers a wrong password with auth and an unreachable server with transient', async () => {
    const provider = new ExchangeProvider(new ExchangeClient({ timeoutMs: 5_000 }));
    const settings = { serverUrl: emulator.ewsUrl };
    const wrong = await provider
      .verify(settings, { authType: 'basic', username: 'alice', password: 'nope' })
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ProviderError);
    expect((wrong as ProviderError).kind).toBe('auth');
    const ok = await provider.verify(settings, {
      authType: 'basic',
      username: 'alice',
      password: ALICE_PASSWORD,
    });
    expect(ok.calendars).toHaveLength(1);
    const closed = await startExchangeEmulator({ protocol: 'http', seed: buildSeed([]) });
    await closed.close();
    const away = await provider
      .verify(
        { serverUrl: closed.ewsUrl },
        { authType: 'basic', username: 'alice', password: ALICE_PASSWORD },
      )
      .catch((e: unknown) => e);
    expect((away as ProviderError).kind).toBe('transient');
  });

  it('learns of changes through a pull subscription, and replaces an expired one', async () => {
    const { subscription } = await harness.provider.subscribe(harness.connection);
    expect(await harness.provider.poll(harness.connection, subscription)).toMatchObject({
      changed: false,
    });
    emulator.state.addItem(ALICE, buildItem({ subject: 'Pinged' }));
    const first = await harness.provider.poll(harness.connection, subscription);
    expect(first.changed).toBe(true);
    expect((await harness.provider.poll(harness.connection, first.subscription)).changed).toBe(
      false,
    );
    emulator.state.expireSubscriptions(ALICE);
    const renewed = await harness.provider.poll(harness.connection, first.subscription);
    expect(renewed.changed).toBe(true);
    expect(renewed.subscription.subscriptionId).not.toBe(subscription.subscriptionId);
  });
});

describe('Exchange listings cut short (the SyncState stored after every batch)', () => {
  let emulator: RunningExchangeEmulator;
  let harness: ExchangeHarness;

  beforeAll(async () => {
    emulator = await startExchangeEmulator({ protocol: 'http', seed: buildSeed(seedItems()) });
    harness = await openHarness(emulator, {
      secrets: BASIC,
      maxChangesReturned: 2,
      joinPagesUpTo: 1,
    });
  });
  afterAll(async () => {
    await harness.close();
    await emulator.close();
  });

  /** A run that stops after committing its first page, as a crash or a deploy would. */
  async function syncOnePage(): Promise<void> {
    const stop = new AbortController();
    const outcome = await harness
      .sync({ signal: stop.signal, onPage: () => stop.abort() })
      .catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(SyncError);
  }

  it('resumes a first sync after its last committed batch, as deltas, and ends where a whole one would', async () => {
    await syncOnePage();
    const partial = JSON.parse((await harness.cursor()) ?? '{}');
    expect(partial.listing).toEqual({ before: [] });
    expect(Object.keys(partial.items)).toHaveLength(2);
    const held = (await harness.events()).length;
    expect(held).toBeGreaterThan(0);

    const rest = await harness.sync();
    expect(harness.runs.at(-1)!.every((mode) => mode === 'delta')).toBe(true);
    // Nothing of the first batch was read again.
    expect(rest.added).toBe((await harness.events()).length - held);
    expect(JSON.parse((await harness.cursor()) ?? '{}').listing).toBeUndefined();
    await expectStoreMatchesView(emulator, harness);
  });

  it('a listing after a forgotten SyncState, cut short, still removes what vanished', async () => {
    emulator.state.invalidateSyncStates(ALICE);
    emulator.state.deleteItem(ALICE, 'AAMkMonthly');
    await syncOnePage();
    expect(JSON.parse((await harness.cursor()) ?? '{}').listing.before.length).toBeGreaterThan(10);
    await harness.sync();
    await expectStoreMatchesView(emulator, harness);
    expect((await harness.events()).some((e) => e.seriesId === 'AAMkMonthly')).toBe(false);
  });

  it('a listing that follows deltas of the same run, cut short, still removes what those stored and then vanished', async () => {
    for (const id of ['AAMkX1', 'AAMkX2', 'AAMkX3'])
      emulator.state.addItem(
        ALICE,
        buildItem({ id, subject: id, start: '2026-03-16T09:00:00Z', end: '2026-03-16T10:00:00Z' }),
      );
    // The first delta batch (X1 and X2) is the last one its SyncState allows.
    emulator.state.invalidateSyncStatesAfter(ALICE, 1);
    let pages = 0;
    const stop = new AbortController();
    const cut = await harness
      .sync({
        signal: stop.signal,
        onPage: () => {
          pages += 1;
          if (pages === 2) stop.abort();
        },
      })
      .catch((error: unknown) => error);
    expect(cut).toBeInstanceOf(SyncError);
    expect(harness.runs.at(-1)!.slice(0, 2)).toEqual(['delta', 'snapshot']);
    expect(JSON.parse((await harness.cursor()) ?? '{}').listing).toBeDefined();
    emulator.state.moveItem(ALICE, 'AAMkX1', {
      start: '2027-01-04T09:00:00Z',
      end: '2027-01-04T10:00:00Z',
    });
    await harness.sync();
    await expectStoreMatchesView(emulator, harness);
    expect((await harness.events()).map((e) => e.title)).not.toContain('AAMkX1');
  });
});

describe('Exchange provider with NTLM (plain HTTP)', () => {
  it('syncs the calendar view with NTLM only', async () => {
    const emulator = await startExchangeEmulator({
      protocol: 'http',
      seed: buildSeed(seedItems()),
      settings: { authSchemes: ['ntlm'] },
    });
    const harness = await openHarness(emulator, {
      secrets: { authType: 'ntlm', username: 'CONTOSO\\alice', password: ALICE_PASSWORD },
    });
    try {
      await harness.sync();
      await expectStoreMatchesView(emulator, harness);
    } finally {
      await harness.close();
      await emulator.close();
    }
  });
});

describe('Exchange provider over HTTPS with Basic (the CA given to the agent)', () => {
  it('syncs with TLS verified against the emulator CA', async () => {
    const emulator = await startExchangeEmulator({ seed: buildSeed(seedItems()) });
    const harness = await openHarness(emulator, { secrets: BASIC });
    try {
      expect(emulator.ewsUrl).toMatch(/^https:/);
      await harness.sync();
      await expectStoreMatchesView(emulator, harness);
    } finally {
      await harness.close();
      await emulator.close();
    }
  });
});
