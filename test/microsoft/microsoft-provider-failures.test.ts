/**
 * The Microsoft provider against the Graph emulator (see microsoft-provider.test.ts): failures
 * (expired page links, throttling, outages, refused and refreshed tokens, a restart), change
 * notifications, and write-back when the connection allows it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../emulators/microsoft/test-kit.js';
import { MicrosoftProvider } from '../../src/providers/microsoft/microsoft-provider.js';
import {
  clientStateHash,
  clientStateMatches,
  newClientState,
  parseChangeNotifications,
} from '../../src/providers/microsoft/microsoft-webhooks.js';
import { ProviderError, WriteRefused } from '../../src/providers/provider.js';
import { clientFor } from './harness.js';
import {
  ALICE,
  CAL,
  EMULATOR_NOW,
  utc,
  failureOf,
  useProviderEmulator,
} from './provider-fixture.js';

const env = useProviderEmulator();

describe('failures', () => {
  it('a page link expiring part-way through a listing fails the run as passing trouble; the next run lists again', async () => {
    const h = await env.harness();
    // The first page comes; the link to the second answers 410, as an expired listing does.
    env.emulator.state.addFault({
      match: { pathIncludes: '$skiptoken' },
      fault: 'resyncRequired',
      times: 1,
    });
    const failed = await failureOf(h.sync(CAL));
    expect(failed.kind).toBe('transient');
    const status = await h.store.syncStatus.get(h.scope, h.calendars.get(CAL) ?? '');
    expect(status?.nextRunAt).not.toBeNull();
    await h.sync(CAL);
    expect(await env.stored(h)).toEqual(env.truth(CAL));
  });

  it('throttling surfaces as rate_limit with the Retry-After, and holds the mailbox until then', async () => {
    const h = await env.harness();
    env.emulator.state.addFault({
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

    const before = env.emulator.state.load().requests;
    const held = await failureOf(h.sync(CAL));
    expect(held.kind).toBe('rate_limit');
    expect(env.emulator.state.load().requests).toBe(before);
  });

  it('an outage (503 with Retry-After) is rate_limit; a 500 and a dropped connection transient', async () => {
    const h = await env.harness();
    const delta = { pathIncludes: '/calendarView/delta' };
    env.emulator.state.addFault({ match: delta, fault: 'drop', times: 1 });
    const dropped = await failureOf(h.sync(CAL));
    expect(dropped.kind).toBe('transient');
    expect(dropped.message).toMatch(/could not be reached/);
    env.emulator.state.addFault({ match: delta, fault: 'internalServerError', times: 1 });
    expect((await failureOf(h.sync(CAL))).kind).toBe('transient');
    // Last: the mailbox is then held for the 30 s Retry-After.
    env.emulator.state.addFault({
      match: delta,
      fault: 'serviceUnavailable',
      times: 1,
      retryAfterSeconds: 30,
    });
    expect((await failureOf(h.sync(CAL))).kind).toBe('rate_limit');
  });

  it('a refused access token is refreshed once through MSAL and the new cache saved', async () => {
    const h = await env.harness();
    const before = (await h.connection()).secrets;
    env.emulator.state.expireAccessTokens(ALICE);
    await h.sync(CAL);
    const after = (await h.connection()).secrets;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.tokenCache).not.toBe(before.tokenCache);
    expect(await env.stored(h)).toEqual(env.truth(CAL));
  });

  it('the stored MSAL cache refreshes in a new process (a restart)', async () => {
    const h = await env.harness();
    const connection = await h.connection();
    const restarted = new MicrosoftProvider(clientFor(env.emulator));
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
      const h = await env.harness();
      env.emulator.state.setGrantTrouble(ALICE, trouble);
      env.emulator.state.expireAccessTokens(ALICE);
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
    await env.emulator.state.deliveriesSettled();
    await receiver.close();
  });

  it('subscribes a calendar after the handshake, renews and deletes; notifications carry our clientState', async () => {
    const h = await env.harness();
    const connection = await h.connection();
    const clientState = newClientState();
    const subscription = await h.provider.subscribe(connection, CAL, {
      notificationUrl: receiver.url,
      clientState,
      expiresAt: new Date(EMULATOR_NOW.getTime() + 86_400_000),
    });
    expect(subscription.resource).toBe(`/me/calendars/${CAL}/events`);
    env.emulator.state.updateEvent(CAL, 'AAMkReview', { subject: 'Pricing review (v2)' });
    await env.emulator.state.deliveriesSettled();
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
      env.emulator.state.subscriptions().filter((s) => !s.removed && s.id === subscription.id),
    ).toEqual([]);
  });
});

describe('write-back', () => {
  it('declines an invitation when the connection has Calendars.ReadWrite, and the next sync sees it', async () => {
    const h = await env.harness({ writeAccess: true });
    const connection = await h.connection();
    expect(h.provider.canWrite(connection)).toBe(true);
    await h.sync(CAL);
    await h.provider.decline(
      connection,
      { providerCalendarId: CAL, providerEventId: 'AAMkDiscovery' },
      { account: ALICE },
    );
    const event = env.emulator.state.listTruth(CAL).find((e) => e.id === 'AAMkDiscovery');
    expect(event?.responseStatus?.response).toBe('declined');
    await h.sync(CAL);
    const synced = (await h.events(CAL)).find((e) => e.providerEventId === 'AAMkDiscovery');
    expect(synced?.attendees.find((a) => a.email === ALICE)?.responseStatus).toBe('declined');

    const own = { providerCalendarId: CAL, providerEventId: 'AAMkReview' };
    await h.provider.deleteEvent(connection, own, { account: ALICE });
    await h.provider.deleteEvent(connection, own, { account: ALICE });
    expect(env.emulator.state.listTruth(CAL).some((e) => e.id === 'AAMkReview')).toBe(false);
  });

  it('refuses to delete a meeting someone else organises, or to decline one for another account', async () => {
    const h = await env.harness({ writeAccess: true });
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
    expect(env.emulator.state.listTruth(CAL).find((e) => e.id === 'AAMkDiscovery')).toBeDefined();
  });

  it('deletes an own event only as Outlook has it now: not once it has guests, nor once it moved', async () => {
    const h = await env.harness({ writeAccess: true });
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
    env.emulator.state.updateEvent(CAL, 'AAMkReview', {
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
    env.emulator.state.updateEvent(CAL, 'AAMkReview', {
      attendees: [],
      start: utc('2026-03-03T11:00:00'),
      end: utc('2026-03-03T12:00:00'),
    });
    const moved = await refusal({ account: ALICE, expected });
    expect(moved).toMatchObject({ reason: 'changed' });
    expect(env.emulator.state.listTruth(CAL).some((e) => e.id === 'AAMkReview')).toBe(true);
  });

  it('a read-only connection cannot write, and says why', async () => {
    const h = await env.harness();
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
