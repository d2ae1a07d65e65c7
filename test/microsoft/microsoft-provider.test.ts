/**
 * The Microsoft provider against the Graph emulator, through MSAL and the Graph SDK, driving the
 * real SyncEngine on a SQLite store: sign-in with PKCE, a first sync paged to a deltaLink, changes
 * as delta pages, a 410 or an evicted token turned into a snapshot, throttling, a refused grant,
 * a refresh after a restart, change notifications, and write-back when the connection allows it.
 * Each test signs in afresh and has a store of its own (failures, notifications and write-back:
 * microsoft-provider-failures.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { readCursor } from '../../src/providers/microsoft/microsoft-provider.js';
import { clientFor, signIn } from './harness.js';
import {
  ALICE,
  BOB,
  CAL,
  OTHER,
  TEAMS,
  berlin,
  utc,
  useProviderEmulator,
} from './provider-fixture.js';

const env = useProviderEmulator();

describe('sign-in and the first sync', () => {
  it('signs in with PKCE and least scopes, lists the calendars, and pages the window to a deltaLink', async () => {
    const client = clientFor(env.emulator);
    const signedIn = await signIn(client, env.emulator, { user: ALICE });
    const scopes = signedIn.authorizationUrl.searchParams.get('scope')?.split(' ') ?? [];
    expect(scopes).toEqual(
      expect.arrayContaining(['offline_access', 'User.Read', 'Calendars.Read']),
    );
    expect(scopes).not.toContain('Calendars.ReadWrite');
    expect(signedIn.authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(signedIn.account.email).toBe(ALICE);
    // The hint reaches the sign-in page: Bob (not the first seeded user) is who signs in.
    const bob = await signIn(client, env.emulator, { user: BOB });
    expect(bob.authorizationUrl.searchParams.get('login_hint')).toBe(BOB);
    expect(bob.account.email).toBe(BOB);

    const h = await env.harness();
    expect([...h.calendars.keys()]).toEqual([CAL, OTHER]);
    const outcome = await h.sync(CAL);
    expect(outcome.added).toBe(env.truth(CAL).length);
    expect(h.runs[0]?.length).toBeGreaterThan(2);
    expect(new Set(h.runs[0])).toEqual(new Set(['snapshot']));
    expect(readCursor(await h.cursor(CAL))?.deltaLink).toMatch(
      new RegExp(`^${env.emulator.url}/v1.0/me/calendarView/delta\\?\\$deltatoken=`),
    );
    expect(await env.stored(h)).toEqual(env.truth(CAL));
  });

  it('maps zones, all-day events, series, attendees, Teams links and free time', async () => {
    const h = await env.harness();
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
    const h = await env.harness();
    await h.sync(OTHER);
    expect(await env.stored(h, OTHER)).toEqual(['AAMkProject|Project sync']);
    env.emulator.state.deleteEvent(OTHER, 'AAMkProject');
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
      env.emulator.state.addEvent(OTHER, {
        id,
        subject: id,
        start: utc(`2026-03-${day}T09:00:00`),
        end: utc(`2026-03-${day}T10:00:00`),
      });
    // One event a page: the listing is AAMkProject, E1, E2, E3 at $skip 0, 1, 2, 3.
    const h = await env.harness({ pageSize: 1 });
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
    afterFirstPage = () => env.emulator.state.deleteEvent(OTHER, 'AAMkProject');
    listings = 0;
    expect(await h.sync(OTHER)).toMatchObject({ added: 0, deleted: 0 });
    expect(listings).toBe(2);
    // AAMkProject went between the two listings, so nothing says yet that it was not skipped
    // by a shift in the second: it stays until the next run.
    expect(await env.stored(h, OTHER)).toEqual(
      [...env.truth(OTHER), 'AAMkProject|Project sync'].sort(),
    );
    listings = 0;
    expect(await h.sync(OTHER)).toMatchObject({ added: 0, deleted: 1 });
    expect(listings).toBe(2);
    expect(await env.stored(h, OTHER)).toEqual(['E1|E1', 'E2|E2', 'E3|E3']);
    expect(await env.stored(h, OTHER)).toEqual(env.truth(OTHER));

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
    const h = await env.harness();
    await h.sync(CAL);
    const occurrences = (await h.events(CAL)).filter((e) => e.seriesId === 'AAMkWeekly');
    env.emulator.state.addEvent(CAL, {
      id: 'AAMkNew',
      subject: 'Negotiation',
      start: utc('2026-03-06T13:00:00'),
      end: utc('2026-03-06T14:00:00'),
    });
    env.emulator.state.moveEvent(CAL, 'AAMkReview', {
      start: utc('2026-03-03T15:00:00'),
      end: utc('2026-03-03T16:00:00'),
    });
    env.emulator.state.cancelEvent(CAL, 'AAMkDiscovery');
    env.emulator.state.deleteEvent(CAL, 'AAMkOffsite');
    const moved = occurrences[1]?.providerEventId ?? '';
    env.emulator.state.updateEvent(CAL, moved, {
      subject: 'Weekly (moved)',
      start: berlin('2026-03-12T15:00:00'),
      end: berlin('2026-03-12T15:30:00'),
    });

    const outcome = await h.sync(CAL);
    expect(new Set(h.runs[1])).toEqual(new Set(['delta']));
    expect(outcome).toMatchObject({ added: 1, deleted: 1 });
    expect(await env.stored(h)).toEqual(env.truth(CAL));
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
    const h = await env.harness();
    await h.sync(CAL);
    env.emulator.state.moveEvent(CAL, 'AAMkReview', {
      start: utc('2026-07-03T15:00:00'),
      end: utc('2026-07-03T16:00:00'),
    });
    expect(await h.sync(CAL)).toMatchObject({ deleted: 1 });
    expect((await env.stored(h)).some((line) => line.startsWith('AAMkReview|'))).toBe(false);
  });

  it.each(['resync', 'notFound'] as const)(
    'an expired delta token (%s) turns the run into a snapshot that removes what is gone',
    async (fate) => {
      const h = await env.harness();
      await h.sync(CAL);
      env.emulator.state.expireDeltaTokens(fate);
      env.emulator.state.deleteEvent(CAL, 'AAMkReview');
      const outcome = await h.sync(CAL);
      expect(new Set(h.runs[1])).toEqual(new Set(['snapshot']));
      expect(outcome.deleted).toBe(1);
      expect(await env.stored(h)).toEqual(env.truth(CAL));
      // The new round's deltaLink works again.
      await h.sync(CAL);
      expect(new Set(h.runs[2])).toEqual(new Set(['delta']));
    },
  );
});
