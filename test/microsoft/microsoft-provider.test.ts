/**
 * The Microsoft provider against the Graph emulator, through MSAL and the Graph SDK, driving the
 * real SyncEngine on a SQLite store: sign-in with PKCE, a first sync paged to a deltaLink, changes
 * as delta pages, a 410 or an evicted token turned into a snapshot, throttling, a refused grant,
 * a refresh after a restart, change notifications, and write-back when the connection allows it.
 * Each test signs in afresh and has a store of its own.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startMicrosoftEmulator,
  type GraphEventInput,
  type RunningMicrosoftEmulator,
} from '../../emulators/microsoft/index.js';
import { startReceiver, type Receiver } from '../../emulators/microsoft/test-kit.js';
import { MicrosoftProvider, readCursor } from '../../src/providers/microsoft/microsoft-provider.js';
import {
  clientStateHash,
  clientStateMatches,
  newClientState,
  parseChangeNotifications,
} from '../../src/providers/microsoft/microsoft-webhooks.js';
import { ProviderError, WriteRefused } from '../../src/providers/provider.js';
import { SyncError } from '../../src/sync/sync-engine.js';
import { clientFor, openHarness, signIn, type MicrosoftHarness } from './harness.js';

const ALICE = 'alice@contoso.test';
const BOB = 'bob@contoso.test';
const CAL = 'cal-alice';
const OTHER = 'cal-alice-2';
/** The emulator's clock (tokens, subscriptions, series horizon). */
const EMULATOR_NOW = new Date('2026-03-01T00:00:00Z');
const TEAMS = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0';

const berlin = (local: string) => ({
  dateTime: `${local}.0000000`,
  timeZone: 'W. Europe Standard Time',
});
const utc = (local: string) => ({ dateTime: `${local}.0000000`, timeZone: 'UTC' });

function seedEvents(): GraphEventInput[] {
  return [
    {
      id: 'AAMkDiscovery',
      subject: 'Discovery call: Fabrikam',
      start: berlin('2026-03-02T10:00:00'),
      end: berlin('2026-03-02T11:00:00'),
      organizer: { emailAddress: { name: 'Bob Example', address: BOB } },
      attendees: [
        {
          emailAddress: { name: 'Alice Example', address: ALICE },
          type: 'required',
          status: { response: 'none', time: '0001-01-01T00:00:00Z' },
        },
        {
          emailAddress: { name: 'Buyer', address: 'buyer@fabrikam.com' },
          type: 'optional',
          status: { response: 'accepted', time: '2026-02-20T10:00:00Z' },
        },
      ],
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      onlineMeeting: { joinUrl: TEAMS },
      body: {
        contentType: 'html',
        content: `<html><body><p>Agenda</p><a href="${TEAMS}">Join</a></body></html>`,
      },
    },
    {
      id: 'AAMkReview',
      subject: 'Pricing review',
      start: utc('2026-03-03T09:00:00'),
      end: utc('2026-03-03T10:00:00'),
      showAs: 'free',
    },
    {
      id: 'AAMkOffsite',
      subject: 'Offsite',
      isAllDay: true,
      start: berlin('2026-03-05T00:00:00'),
      end: berlin('2026-03-07T00:00:00'),
    },
    {
      id: 'AAMkWeekly',
      subject: 'Weekly',
      start: berlin('2026-03-04T08:00:00'),
      end: berlin('2026-03-04T08:30:00'),
      recurrence: {
        pattern: {
          type: 'weekly',
          interval: 1,
          daysOfWeek: ['wednesday'],
          firstDayOfWeek: 'sunday',
        },
        range: {
          type: 'numbered',
          numberOfOccurrences: 3,
          startDate: '2026-03-04',
          recurrenceTimeZone: 'W. Europe Standard Time',
        },
      },
    },
    {
      id: 'AAMkLater',
      subject: 'After the window',
      start: utc('2026-06-01T09:00:00'),
      end: utc('2026-06-01T10:00:00'),
    },
  ];
}

let emulator: RunningMicrosoftEmulator;
const opened: MicrosoftHarness[] = [];

beforeAll(async () => {
  emulator = await startMicrosoftEmulator({
    now: () => EMULATOR_NOW,
    seed: {
      users: [
        {
          email: ALICE,
          name: 'Alice Example',
          calendars: [
            { id: CAL, name: 'Calendar', isDefaultCalendar: true, events: seedEvents() },
            {
              id: OTHER,
              name: 'Projects',
              events: [
                {
                  id: 'AAMkProject',
                  subject: 'Project sync',
                  start: utc('2026-03-10T09:00:00'),
                  end: utc('2026-03-10T10:00:00'),
                },
              ],
            },
          ],
        },
        { email: BOB, name: 'Bob Example' },
      ],
    },
    settings: { notificationRetryDelaysMs: [5, 10], deliveryTimeoutMs: 500 },
  });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.state.reset();
});

afterEach(async () => {
  for (const harness of opened.splice(0)) await harness.close();
});

const harness = async (options: { writeAccess?: boolean; pageSize?: number } = {}) => {
  const opening = await openHarness(emulator, { user: ALICE, ...options });
  opened.push(opening);
  return opening;
};

/** What the emulator's calendar view holds in the engine's window: `id|subject|start`. */
function truth(calendarId: string): string[] {
  return emulator.state
    .listTruth(calendarId)
    .filter((e) => e.start.dateTime < '2026-04-30' && e.end.dateTime > '2026-02-22')
    .map((e) => `${e.id}|${e.subject ?? ''}`)
    .sort();
}

async function stored(h: MicrosoftHarness, calendarId = CAL): Promise<string[]> {
  return (await h.events(calendarId)).map((e) => `${e.providerEventId}|${e.title}`).sort();
}

async function failureOf(promise: Promise<unknown>): Promise<SyncError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof SyncError)) throw new Error(`expected a SyncError, got ${String(error)}`);
  return error;
}

describe('sign-in and the first sync', () => {
  it('signs in with PKCE and least scopes, lists the calendars, and pages the window to a deltaLink', async () => {
    const client = clientFor(emulator);
    const signedIn = await signIn(client, emulator, { user: ALICE });
    const scopes = signedIn.authorizationUrl.searchParams.get('scope')?.split(' ') ?? [];
    expect(scopes).toEqual(
      expect.arrayContaining(['offline_access', 'User.Read', 'Calendars.Read']),
    );
    expect(scopes).not.toContain('Calendars.ReadWrite');
    expect(signedIn.authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(signedIn.account.email).toBe(ALICE);
    // The hint reaches the sign-in page: Bob (not the first seeded user) is who signs in.
    const bob = await signIn(client, emulator, { user: BOB });
    expect(bob.authorizationUrl.searchParams.get('login_hint')).toBe(BOB);
    expect(bob.account.email).toBe(BOB);

    const h = await harness();
    expect([...h.calendars.keys()]).toEqual([CAL, OTHER]);
    const outcome = await h.sync(CAL);
    expect(outcome.added).toBe(truth(CAL).length);
    expect(h.runs[0]?.length).toBeGreaterThan(2);
    expect(new Set(h.runs[0])).toEqual(new Set(['snapshot']));
    expect(readCursor(await h.cursor(CAL))?.deltaLink).toMatch(
      new RegExp(`^${emulator.url}/v1.0/me/calendarView/delta\\?\\$deltatoken=`),
    );
    expect(await stored(h)).toEqual(truth(CAL));
  });

  it('maps zones, all-day events, series, attendees, Teams links and free time', async () => {
    const h = await harness();
    await h.sync(CAL);
    const events = await h.events(CAL);
    const byId = new Map(events.map((e) => [e.providerEventId, e]));
    expect(byId.get('AAMkDiscovery')).toMatchObject({
      start: '2026-03-02T09:00:00.000Z',
      end: '2026-03-02T10:00:00.000Z',
      timeZone: 'Europe/Berlin',
      conferenceUrl: TEAMS,
      organizer: { email: BOB, name: 'Bob Example' },
      attendees: [
        expect.objectContaining({ email: ALICE, responseStatus: 'needsAction', optional: false }),
        expect.objectContaining({
          email: 'buyer@fabrikam.com',
          responseStatus: 'accepted',
          optional: true,
        }),
      ],
    });
    expect(byId.get('AAMkDiscovery')?.description).toContain('Agenda');
    expect(byId.get('AAMkReview')?.transparency).toBe('transparent');
    expect(byId.get('AAMkOffsite')).toMatchObject({
      allDay: true,
      startDate: '2026-03-05',
      endDate: '2026-03-07',
      start: '2026-03-04T23:00:00.000Z',
    });
    const weekly = events.filter((e) => e.seriesId === 'AAMkWeekly');
    expect(weekly.map((e) => e.originalStart)).toEqual([
      '2026-03-04T07:00:00.000Z',
      '2026-03-11T07:00:00.000Z',
      '2026-03-18T07:00:00.000Z',
    ]);
    expect(byId.has('AAMkLater')).toBe(false);
  });

  it('a calendar other than the primary one is listed through v1.0 calendarView, as a snapshot each time', async () => {
    const h = await harness();
    await h.sync(OTHER);
    expect(await stored(h, OTHER)).toEqual(['AAMkProject|Project sync']);
    emulator.state.deleteEvent(OTHER, 'AAMkProject');
    expect(await h.sync(OTHER)).toMatchObject({ deleted: 1 });
    expect(h.runs.map((modes) => new Set(modes))).toEqual([
      new Set(['snapshot']),
      new Set(['snapshot']),
    ]);
  });
});

describe('calendars listed by offset', () => {
  it('an event deleted during the listing of another calendar costs no live event, and a quiet run one listing', async () => {
    for (const [id, day] of [
      ['E1', '11'],
      ['E2', '12'],
      ['E3', '13'],
    ] as const)
      emulator.state.addEvent(OTHER, {
        id,
        subject: id,
        start: utc(`2026-03-${day}T09:00:00`),
        end: utc(`2026-03-${day}T10:00:00`),
      });
    // One event a page: the listing is AAMkProject, E1, E2, E3 at $skip 0, 1, 2, 3.
    const h = await harness({ pageSize: 1 });
    const client = h.provider.client;
    const startRound = client.startRound.bind(client);
    const followLink = client.followLink.bind(client);
    let listings = 0;
    let afterFirstPage: (() => void) | null = null;
    client.startRound = (...args) => {
      listings += 1;
      return startRound(...args);
    };
    client.followLink = (...args) => {
      const hook = afterFirstPage;
      afterFirstPage = null;
      hook?.();
      return followLink(...args);
    };
    expect(await h.sync(OTHER)).toMatchObject({ added: 4, deleted: 0 });
    expect(listings).toBe(1);

    // Nothing changed: one listing, nothing more.
    listings = 0;
    expect(await h.sync(OTHER)).toMatchObject({ added: 0, updated: 0, deleted: 0 });
    expect(listings).toBe(1);

    // AAMkProject, already listed, is deleted before the second page: E1 moves to $skip 0 and
    // the listing goes on at $skip 1 (E2), so it never returns E1. A second listing finds it.
    afterFirstPage = () => emulator.state.deleteEvent(OTHER, 'AAMkProject');
    listings = 0;
    expect(await h.sync(OTHER)).toMatchObject({ added: 0, deleted: 0 });
    expect(listings).toBe(2);
    // AAMkProject went between the two listings, so nothing says yet that it was not skipped
    // by a shift in the second: it stays until the next run.
    expect(await stored(h, OTHER)).toEqual([...truth(OTHER), 'AAMkProject|Project sync'].sort());
    listings = 0;
    expect(await h.sync(OTHER)).toMatchObject({ added: 0, deleted: 1 });
    expect(listings).toBe(2);
    expect(await stored(h, OTHER)).toEqual(['E1|E1', 'E2|E2', 'E3|E3']);
    expect(await stored(h, OTHER)).toEqual(truth(OTHER));

    // E1 was never deleted and added again (the change log has no such pair); quiet again.
    const log = await h.store.changes.list(h.scope, { limit: 100 });
    expect(log.items.filter((c) => c.providerEventId === 'E1').map((c) => c.change.kind)).toEqual([
      'created',
    ]);
    listings = 0;
    expect(await h.sync(OTHER)).toMatchObject({ added: 0, deleted: 0 });
    expect(listings).toBe(1);
  });
});

describe('later syncs', () => {
  it('created, moved, cancelled and deleted events and a series exception arrive as delta pages', async () => {
    const h = await harness();
    await h.sync(CAL);
    const occurrences = (await h.events(CAL)).filter((e) => e.seriesId === 'AAMkWeekly');
    emulator.state.addEvent(CAL, {
      id: 'AAMkNew',
      subject: 'Negotiation',
      start: utc('2026-03-06T13:00:00'),
      end: utc('2026-03-06T14:00:00'),
    });
    emulator.state.moveEvent(CAL, 'AAMkReview', {
      start: utc('2026-03-03T15:00:00'),
      end: utc('2026-03-03T16:00:00'),
    });
    emulator.state.cancelEvent(CAL, 'AAMkDiscovery');
    emulator.state.deleteEvent(CAL, 'AAMkOffsite');
    const moved = occurrences[1]?.providerEventId ?? '';
    emulator.state.updateEvent(CAL, moved, {
      subject: 'Weekly (moved)',
      start: berlin('2026-03-12T15:00:00'),
      end: berlin('2026-03-12T15:30:00'),
    });

    const outcome = await h.sync(CAL);
    expect(new Set(h.runs[1])).toEqual(new Set(['delta']));
    expect(outcome).toMatchObject({ added: 1, deleted: 1 });
    expect(await stored(h)).toEqual(truth(CAL));
    const byId = new Map((await h.events(CAL)).map((e) => [e.providerEventId, e]));
    expect(byId.get('AAMkReview')?.start).toBe('2026-03-03T15:00:00.000Z');
    expect(byId.get('AAMkDiscovery')).toMatchObject({
      status: 'cancelled',
      title: 'Canceled: Discovery call: Fabrikam',
    });
    expect(byId.get(moved)).toMatchObject({
      seriesId: 'AAMkWeekly',
      originalStart: '2026-03-11T07:00:00.000Z',
      start: '2026-03-12T14:00:00.000Z',
    });

    // Nothing changed: one empty delta page, and the store stays as it is.
    expect(await h.sync(CAL)).toMatchObject({ added: 0, updated: 0, deleted: 0 });
    expect(new Set(h.runs[2])).toEqual(new Set(['delta']));
  });

  it('an event moved out of the window arrives as @removed and leaves the store', async () => {
    const h = await harness();
    await h.sync(CAL);
    emulator.state.moveEvent(CAL, 'AAMkReview', {
      start: utc('2026-07-03T15:00:00'),
      end: utc('2026-07-03T16:00:00'),
    });
    expect(await h.sync(CAL)).toMatchObject({ deleted: 1 });
    expect((await stored(h)).some((line) => line.startsWith('AAMkReview|'))).toBe(false);
  });

  it.each(['resync', 'notFound'] as const)(
    'an expired delta token (%s) turns the run into a snapshot that removes what is gone',
    async (fate) => {
      const h = await harness();
      await h.sync(CAL);
      emulator.state.expireDeltaTokens(fate);
      emulator.state.deleteEvent(CAL, 'AAMkReview');
      const outcome = await h.sync(CAL);
      expect(new Set(h.runs[1])).toEqual(new Set(['snapshot']));
      expect(outcome.deleted).toBe(1);
      expect(await stored(h)).toEqual(truth(CAL));
      // The new round's deltaLink works again.
      await h.sync(CAL);
      expect(new Set(h.runs[2])).toEqual(new Set(['delta']));
    },
  );
});

describe('failures', () => {
  it('a page link expiring part-way through a listing fails the run as passing trouble; the next run lists again', async () => {
    const h = await harness();
    // The first page comes; the link to the second answers 410, as an expired listing does.
    emulator.state.addFault({
      match: { pathIncludes: '$skiptoken' },
      fault: 'resyncRequired',
      times: 1,
    });
    const failed = await failureOf(h.sync(CAL));
    expect(failed.kind).toBe('transient');
    const status = await h.store.syncStatus.get(h.scope, h.calendars.get(CAL) ?? '');
    expect(status?.nextRunAt).not.toBeNull();
    await h.sync(CAL);
    expect(await stored(h)).toEqual(truth(CAL));
  });

  it('throttling surfaces as rate_limit with the Retry-After, and holds the mailbox until then', async () => {
    const h = await harness();
    emulator.state.addFault({
      match: { pathIncludes: '/calendarView/delta' },
      fault: 'tooManyRequests',
      times: 1,
      retryAfterSeconds: 120,
    });
    const throttled = await failureOf(h.sync(CAL));
    expect(throttled.kind).toBe('rate_limit');
    expect(throttled.cause).toBeInstanceOf(ProviderError);
    expect((throttled.cause as ProviderError).retryAfterMs).toBe(120_000);
    const status = await h.store.syncStatus.get(h.scope, h.calendars.get(CAL) ?? '');
    expect(status?.nextRunAt).not.toBeNull();

    const before = emulator.state.load().requests;
    const held = await failureOf(h.sync(CAL));
    expect(held.kind).toBe('rate_limit');
    expect(emulator.state.load().requests).toBe(before);
  });

  it('an outage (503 with Retry-After) is rate_limit; a 500 and a dropped connection transient', async () => {
    const h = await harness();
    const delta = { pathIncludes: '/calendarView/delta' };
    emulator.state.addFault({ match: delta, fault: 'drop', times: 1 });
    const dropped = await failureOf(h.sync(CAL));
    expect(dropped.kind).toBe('transient');
    expect(dropped.message).toMatch(/could not be reached/);
    emulator.state.addFault({ match: delta, fault: 'internalServerError', times: 1 });
    expect((await failureOf(h.sync(CAL))).kind).toBe('transient');
    // Last: the mailbox is then held for the 30 s Retry-After.
    emulator.state.addFault({
      match: delta,
      fault: 'serviceUnavailable',
      times: 1,
      retryAfterSeconds: 30,
    });
    expect((await failureOf(h.sync(CAL))).kind).toBe('rate_limit');
  });

  it('a refused access token is refreshed once through MSAL and the new cache saved', async () => {
    const h = await harness();
    const before = (await h.connection()).secrets;
    emulator.state.expireAccessTokens(ALICE);
    await h.sync(CAL);
    const after = (await h.connection()).secrets;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.tokenCache).not.toBe(before.tokenCache);
    expect(await stored(h)).toEqual(truth(CAL));
  });

  it('the stored MSAL cache refreshes in a new process (a restart)', async () => {
    const h = await harness();
    const connection = await h.connection();
    const restarted = new MicrosoftProvider(clientFor(emulator));
    const renewed = await restarted.tokens.forceRefresh(connection);
    expect(renewed.accessToken).not.toBe(connection.secrets.accessToken);
    expect(
      await restarted.listCalendars({
        ...connection,
        secrets: { ...connection.secrets, accessToken: renewed.accessToken },
      }),
    ).toHaveLength(2);
  });

  it.each(['revoked', 'interaction_required'] as const)(
    'a refused grant (%s) is auth: the calendar waits for the user to reconnect',
    async (trouble) => {
      const h = await harness();
      emulator.state.setGrantTrouble(ALICE, trouble);
      emulator.state.expireAccessTokens(ALICE);
      const refused = await failureOf(h.sync(CAL));
      expect(refused.kind).toBe('auth');
      expect(refused.message).toMatch(/reconnect the Microsoft account/);
      const status = await h.store.syncStatus.get(h.scope, h.calendars.get(CAL) ?? '');
      expect(status).toMatchObject({ state: 'error', nextRunAt: null });
    },
  );
});

describe('change notifications', () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await emulator.state.deliveriesSettled();
    await receiver.close();
  });

  it('subscribes a calendar after the handshake, renews and deletes; notifications carry our clientState', async () => {
    const h = await harness();
    const connection = await h.connection();
    const clientState = newClientState();
    const subscription = await h.provider.subscribe(connection, CAL, {
      notificationUrl: receiver.url,
      clientState,
      expiresAt: new Date(EMULATOR_NOW.getTime() + 86_400_000),
    });
    expect(subscription.resource).toBe(`/me/calendars/${CAL}/events`);
    emulator.state.updateEvent(CAL, 'AAMkReview', { subject: 'Pricing review (v2)' });
    await emulator.state.deliveriesSettled();
    const notification = receiver.received.find((r) => !r.url.includes('validationToken'));
    const [change] = parseChangeNotifications(JSON.parse(notification?.body ?? '{}'));
    expect(change).toMatchObject({
      subscriptionId: subscription.id,
      changeType: 'updated',
      eventId: 'AAMkReview',
    });
    expect(clientStateMatches(change?.clientState ?? null, clientStateHash(clientState))).toBe(
      true,
    );

    const renewed = await h.provider.renewSubscription(
      connection,
      subscription.id,
      new Date(EMULATOR_NOW.getTime() + 3 * 86_400_000),
    );
    expect(renewed.expiresAt).toBe(EMULATOR_NOW.getTime() + 3 * 86_400_000);
    await h.provider.unsubscribe(connection, subscription.id);
    await h.provider.unsubscribe(connection, subscription.id);
    expect(
      emulator.state.subscriptions().filter((s) => !s.removed && s.id === subscription.id),
    ).toEqual([]);
  });
});

describe('write-back', () => {
  it('declines an invitation when the connection has Calendars.ReadWrite, and the next sync sees it', async () => {
    const h = await harness({ writeAccess: true });
    const connection = await h.connection();
    expect(h.provider.canWrite(connection)).toBe(true);
    await h.sync(CAL);
    await h.provider.decline(
      connection,
      { providerCalendarId: CAL, providerEventId: 'AAMkDiscovery' },
      { account: ALICE },
    );
    const event = emulator.state.listTruth(CAL).find((e) => e.id === 'AAMkDiscovery');
    expect(event?.responseStatus?.response).toBe('declined');
    await h.sync(CAL);
    const synced = (await h.events(CAL)).find((e) => e.providerEventId === 'AAMkDiscovery');
    expect(synced?.attendees.find((a) => a.email === ALICE)?.responseStatus).toBe('declined');

    const own = { providerCalendarId: CAL, providerEventId: 'AAMkReview' };
    await h.provider.deleteEvent(connection, own, { account: ALICE });
    await h.provider.deleteEvent(connection, own, { account: ALICE });
    expect(emulator.state.listTruth(CAL).some((e) => e.id === 'AAMkReview')).toBe(false);
  });

  it('refuses to delete a meeting someone else organises, or to decline one for another account', async () => {
    const h = await harness({ writeAccess: true });
    const connection = await h.connection();
    const discovery = { providerCalendarId: CAL, providerEventId: 'AAMkDiscovery' };
    const deleted = await h.provider.deleteEvent(connection, discovery, { account: ALICE }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(deleted).toBeInstanceOf(WriteRefused);
    expect(deleted).toMatchObject({ reason: 'not_owner' });
    const declined = await h.provider
      .decline(connection, discovery, { account: 'someone.else@contoso.test' })
      .then(
        () => null,
        (e: unknown) => e,
      );
    // The calendar is Alice's, not the other account's: nothing is answered.
    expect(declined).toMatchObject({ reason: 'not_owner' });
    expect(emulator.state.listTruth(CAL).find((e) => e.id === 'AAMkDiscovery')).toBeDefined();
  });

  it('deletes an own event only as Outlook has it now: not once it has guests, nor once it moved', async () => {
    const h = await harness({ writeAccess: true });
    const connection = await h.connection();
    const review = { providerCalendarId: CAL, providerEventId: 'AAMkReview' };
    const expected = {
      start: '2026-03-03T09:00:00.000Z',
      end: '2026-03-03T10:00:00.000Z',
      allDay: false,
      startDate: null,
      endDate: null,
    };
    const refusal = (guard: { account: string; expected: typeof expected }) =>
      h.provider.deleteEvent(connection, review, guard).then(
        () => null,
        (e: unknown) => e,
      );
    emulator.state.updateEvent(CAL, 'AAMkReview', {
      attendees: [
        {
          emailAddress: { name: 'Buyer', address: 'buyer@fabrikam.com' },
          type: 'required',
          status: { response: 'none', time: '0001-01-01T00:00:00Z' },
        },
      ],
    });
    const invited = await refusal({ account: ALICE, expected });
    expect(invited).toMatchObject({ reason: 'changed' });
    expect((invited as Error).message).toMatch(/other attendees \(buyer@fabrikam.com\)/);
    emulator.state.updateEvent(CAL, 'AAMkReview', {
      attendees: [],
      start: utc('2026-03-03T11:00:00'),
      end: utc('2026-03-03T12:00:00'),
    });
    const moved = await refusal({ account: ALICE, expected });
    expect(moved).toMatchObject({ reason: 'changed' });
    expect(emulator.state.listTruth(CAL).some((e) => e.id === 'AAMkReview')).toBe(true);
  });

  it('a read-only connection cannot write, and says why', async () => {
    const h = await harness();
    const connection = await h.connection();
    expect(h.provider.canWrite(connection)).toBe(false);
    const refused = await h.provider
      .decline(
        connection,
        { providerCalendarId: CAL, providerEventId: 'AAMkDiscovery' },
        { account: ALICE },
      )
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(refused).toMatchObject({ kind: 'auth' });
    expect((refused as Error).message).toMatch(/Calendars\.ReadWrite/);
  });
});
