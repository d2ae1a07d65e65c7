/**
 * What a conflict's write-back must never do, against the Google emulator: answer for someone
 * else on a calendar shared with the user, apply a suggestion other than the one the user saw,
 * delete an event that is no longer the user's hold, or forget a write it made when a later one
 * fails. Each case is a user's connected Google account with write access and write-back on.
 */
import { afterEach, expect, it } from 'vitest';
import { startGoogleEmulator, type RunningGoogleEmulator } from '../../emulators/google/index.js';
import type { GoogleSeedCalendar, GoogleEventInput } from '../../emulators/google/types.js';
import type { ConflictView } from '../../src/api/conflicts-schemas.js';
import { taskHandlers } from '../../src/app/tasks.js';
import type { Scope } from '../../src/store/store.js';
import { describeEachDialect, type StoreContext } from '../support/databases.js';
import { bearer, buildTestApi, type TestApi } from '../support/test-app.js';
import { googleEmulatorEnv } from '../support/google-env.js';
import { finishCallbackInject } from '../support/oauth-callback.js';

const DANA = 'dana@northwind.io';
const LEE = 'lee@northwind.io';
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
const danaInvited = { email: DANA, self: true, responseStatus: 'accepted' as const };

const demo: GoogleEventInput = {
  id: 'demo1',
  summary: 'Globex product demo',
  start: { dateTime: at(10) },
  end: { dateTime: at(11) },
  organizer: { email: 'buyer@globex.com' },
  attendees: [person('buyer@globex.com', { organizer: true }), danaInvited],
  hangoutLink: 'https://meet.google.com/abc-defg-hij',
};
const pricing: GoogleEventInput = {
  id: 'pricing1',
  summary: 'Globex pricing call',
  start: { dateTime: at(15) },
  end: { dateTime: at(16) },
  organizer: { email: 'buyer@globex.com' },
  attendees: [person('buyer@globex.com', { organizer: true }), danaInvited],
  hangoutLink: 'https://meet.google.com/klm-nopq-rst',
};
const hold: GoogleEventInput = {
  id: 'hold1',
  summary: 'Hold',
  start: { dateTime: at(15) },
  end: { dateTime: at(16) },
  organizer: { email: DANA, self: true },
};
const focus: GoogleEventInput = {
  id: 'hold2',
  summary: 'Focus block',
  start: { dateTime: at(15, 30) },
  end: { dateTime: at(16) },
  organizer: { email: DANA, self: true },
};

function primary(events: GoogleEventInput[]): GoogleSeedCalendar {
  return { id: DANA, summary: 'Dana', timeZone: 'UTC', primary: true, events };
}

describeEachDialect('conflict write-back safety', (context: () => StoreContext) => {
  let emulator: RunningGoogleEmulator | undefined;
  let api: TestApi | undefined;
  let token = '';
  let scope: Scope;
  let run = 0;

  afterEach(async () => {
    await api?.close();
    await emulator?.close();
    api = undefined;
    emulator = undefined;
  });

  const call = async (method: string, url: string, payload?: object) =>
    api!.server.inject({
      method: method as 'GET',
      url: `/api/v1/calendar${url}`,
      headers: bearer(token),
      ...(payload ? { payload } : {}),
    });
  const conflicts = async (query = ''): Promise<ConflictView[]> => {
    const response = await call('GET', `/conflicts/${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().items;
  };
  const withTitle = (items: ConflictView[], title: string) =>
    items.find((c) => c.events.some((e) => e.title === title));
  const truth = (id: string, calendar = DANA) =>
    emulator!.state.listTruth(calendar, { showDeleted: true }).find((e) => e.id === id);

  /** Dana's account, connected with write access and synced; write-back on. */
  async function connected(
    calendars: GoogleSeedCalendar[],
    options: { policy?: object; beforeConnect?: () => void } = {},
  ): Promise<void> {
    emulator = await startGoogleEmulator({
      seed: { users: [{ email: DANA, name: 'Dana', calendars }] },
    });
    api = await buildTestApi(
      context().store,
      {
        ...googleEmulatorEnv(emulator),
        CALINTEL_PUBLIC_URL: 'http://127.0.0.1:9',
      },
      () => new Date(),
    );
    api.app.queue.start(taskHandlers(api.app));
    run += 1;
    const orgName = `Northwind safety ${context().dialect} ${run}`;
    const user = await api.app.admin.createUser({
      email: DANA,
      orgName,
      name: 'Dana',
      timeZone: 'UTC',
      internalDomains: ['northwind.io'],
    });
    scope = { orgId: user.organisation.id, userId: user.user.id };
    token = (await api.app.admin.createToken({ email: DANA, orgName, name: 'e2e' })).token;
    const settings = await call('PATCH', '/conflicts/settings/', {
      writeBack: true,
      ...(options.policy ? { policy: options.policy } : {}),
    });
    expect(settings.statusCode, settings.body).toBe(200);
    options.beforeConnect?.();
    const started = await call('POST', '/providers/google/connect/', { writeAccess: true });
    const consent = await fetch(new URL(started.json().authorizationUrl), { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location') ?? '');
    const finished = await finishCallbackInject(
      api.server,
      `${callback.pathname}${callback.search}`,
    );
    expect(finished.statusCode, finished.body).toBe(200);
    await api.app.queue.drain();
  }

  it('never offers to decline or delete on a calendar shared with the user, so nobody else is answered for', async () => {
    const leeMeeting: GoogleEventInput = {
      id: 'leemeet',
      summary: 'Team planning',
      start: { dateTime: at(10) },
      end: { dateTime: at(11) },
      organizer: { email: 'sam@northwind.io' },
      attendees: [
        person('sam@northwind.io', { organizer: true }),
        { email: LEE, self: true, responseStatus: 'accepted' },
      ],
    };
    // A block Dana put on Lee's calendar for him, as his delegate.
    const leeHold: GoogleEventInput = { ...hold, id: 'leehold', organizer: { email: DANA } };
    await connected([
      primary([demo, pricing]),
      {
        id: LEE,
        summary: 'Lee Chen',
        timeZone: 'UTC',
        accessRole: 'writer',
        events: [leeMeeting, leeHold],
      },
    ]);
    const found = await conflicts();
    expect(withTitle(found, 'Team planning'), JSON.stringify(found)).toBeDefined();
    const calendars = await context().store.calendars.list(scope);
    const leeCalendar = calendars.find((c) => c.providerCalendarId === LEE)!.id;
    const onLee = new Set(
      found.flatMap((c) => c.events.filter((e) => e.calendarId === leeCalendar).map((e) => e.id)),
    );
    expect(onLee.size).toBe(2);
    // Advice (a new time, a colleague) stays; nothing calintel would write on Lee's calendar.
    const suggestions = found.flatMap((c) => c.suggestions.filter((s) => onLee.has(s.eventId)));
    expect(suggestions.length).toBeGreaterThan(0);
    expect(
      suggestions.filter((s) => s.action === 'decline' || s.action === 'release'),
      JSON.stringify(suggestions),
    ).toEqual([]);
    expect(found.filter((c) => c.autoResolvable)).toEqual([]);
    expect(truth('leemeet', LEE)?.attendees?.find((a) => a.email === LEE)?.responseStatus).toBe(
      'accepted',
    );
  });

  it('applies the suggestion the user saw, identified by its id; after a rescan changed the conflict it answers 409', async () => {
    const oneOnOne: GoogleEventInput = {
      id: 'oneonone1',
      summary: 'Pipeline sync',
      start: { dateTime: at(10, 30) },
      end: { dateTime: at(11, 30) },
      organizer: { email: LEE },
      // Kim can cover it for Dana (Lee runs it: never the one it is handed to).
      attendees: [person(LEE, { organizer: true }), person('kim@northwind.io'), danaInvited],
    };
    await connected([primary([demo, oneOnOne])]);
    const [before] = await conflicts('?status=open');
    const chosen = before!.suggestions.find((s) => s.action === 'delegate');
    expect(chosen, JSON.stringify(before!.suggestions)).toBeDefined();
    expect(chosen!.id).toMatch(/^[A-Za-z0-9_-]{8,}$/);

    // Lee moves the 1:1 by 15 minutes; the push sync and the conflict pass follow.
    emulator!.state.updateEvent(DANA, 'oneonone1', {
      start: { dateTime: at(10, 15) },
      end: { dateTime: at(11) },
    });
    expect((await call('POST', '/sync/', {})).statusCode).toBeLessThan(300);
    await api!.app.queue.drain();
    const [after] = await conflicts('?status=open');
    expect(after?.id).toBe(before!.id);
    expect(after!.suggestions.map((s) => s.id)).not.toContain(chosen!.id);

    const stale = await call('POST', `/conflicts/${before!.id}/resolve/`, {
      action: 'apply',
      suggestionId: chosen!.id,
    });
    expect(stale.statusCode, stale.body).toBe(409);
    expect(stale.json().error.message).toMatch(/changed since you loaded it; reload/);
    expect(truth('oneonone1')?.attendees?.find((a) => a.email === DANA)?.responseStatus).toBe(
      'accepted',
    );
    expect((await conflicts('?status=open')).map((c) => c.id)).toContain(before!.id);

    // The suggestion as it is now applies.
    const current = after!.suggestions.find((s) => s.action === 'delegate')!;
    const applied = await call('POST', `/conflicts/${after!.id}/resolve/`, {
      action: 'apply',
      suggestionId: current.id,
    });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().conflict.resolution.suggestion).toMatchObject({
      action: 'delegate',
      id: current.id,
    });
  });

  it('refuses to release a hold that became a meeting in Google since the last sync', async () => {
    await connected([primary([pricing, hold])]);
    const [conflict] = await conflicts('?status=open');
    const release = conflict!.suggestions.find((s) => s.action === 'release')!;
    // Dana invites a buyer and a colleague to her hold; the push has not arrived yet.
    emulator!.state.updateEvent(DANA, 'hold1', {
      attendees: [
        { email: DANA, self: true, organizer: true, responseStatus: 'accepted' },
        person('cfo@globex.com'),
        person(LEE),
      ],
    });
    const refused = await call('POST', `/conflicts/${conflict!.id}/resolve/`, {
      action: 'apply',
      suggestionId: release.id,
    });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.message).toMatch(/other attendees|no longer/);
    expect(truth('hold1')?.status).toBe('confirmed');
    expect((await conflicts('?status=open')).map((c) => c.id)).toContain(conflict!.id);
  });

  it('refuses to release a hold whose stored copy no longer matches what the conflict was found on', async () => {
    await connected([primary([pricing, hold])]);
    const [conflict] = await conflicts('?status=open');
    const release = conflict!.suggestions.find((s) => s.action === 'release')!;
    // A sync stored the hold with a guest, and the conflict pass has not run since.
    const store = context().store;
    const stored = (await store.events.get(scope, release.eventId))!;
    await store.events.applyPage(
      scope,
      stored.calendarId,
      {
        upserts: [
          {
            event: {
              ...stored.event,
              attendees: [
                {
                  email: 'cfo@globex.com',
                  name: null,
                  responseStatus: 'accepted',
                  optional: false,
                  resource: false,
                },
              ],
            },
            raw: {},
          },
        ],
        deletions: [],
      },
      2,
    );
    const refused = await call('POST', `/conflicts/${conflict!.id}/resolve/`, {
      action: 'apply',
      suggestionId: release.id,
    });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(truth('hold1')?.status).toBe('confirmed');
  });

  it('the policy does not release a hold that changed in Google since the last sync', async () => {
    await connected([primary([pricing, hold])]);
    emulator!.state.updateEvent(DANA, 'hold1', {
      attendees: [
        { email: DANA, self: true, organizer: true, responseStatus: 'accepted' },
        person('cfo@globex.com'),
      ],
    });
    // Turning the policy on recomputes every conflict, and the policy acts on what it finds.
    const on = await call('PATCH', '/conflicts/settings/', {
      policy: { autoResolve: { enabled: true } },
    });
    expect(on.statusCode, on.body).toBe(200);
    await api!.app.queue.drain();
    expect(truth('hold1')?.status).toBe('confirmed');
    const [conflict] = await conflicts();
    expect(conflict).toMatchObject({ status: 'open' });
  });

  it('a write that fails after another succeeded leaves both recorded and audited, and the conflict open', async () => {
    await connected([primary([pricing, hold, focus])], {
      policy: { autoResolve: { enabled: true } },
      beforeConnect: () =>
        emulator!.state.addFault({
          match: { method: 'DELETE', pathIncludes: 'hold2' },
          fault: 'backendError',
        }),
    });
    // The policy's resolution runs in a job after the scan; on a loaded machine a sync found busy
    // is retried a few seconds later, past the queue's drain: wait for the outcome, not the drain.
    await expect.poll(() => truth('hold1')?.status, { timeout: 20_000 }).toBe('cancelled');
    await expect
      .poll(async () => (await conflicts())[0]?.resolution?.['state'], { timeout: 20_000 })
      .toBe('partial');
    expect(truth('hold2')?.status).toBe('confirmed');
    const [conflict] = await conflicts();
    expect(conflict).toMatchObject({
      status: 'open',
      resolvedBy: null,
      resolution: { action: 'apply', state: 'partial' },
    });
    const applied = (
      conflict!.resolution as {
        applied: { suggestion: { eventId: string }; writeBack: { status: string } }[];
      }
    ).applied;
    const titleOf = (id: string) => conflict!.events.find((e) => e.id === id)?.title;
    expect(applied.map((a) => [titleOf(a.suggestion.eventId), a.writeBack.status])).toEqual([
      ['Hold', 'done'],
      ['Focus block', 'failed'],
    ]);
    const audit = await context().store.audit.list({ orgId: scope.orgId });
    const writes = audit
      .filter((e) => e.action === 'conflict.write_back')
      .map((e) => [e.details['providerEventId'], e.details['outcome']]);
    expect(writes).toContainEqual(['hold1', 'done']);
    expect(writes).toContainEqual(['hold2', 'failed']);

    // Google is well again: the user releases the rest; the record keeps the earlier write.
    emulator!.state.clearFaults();
    const rest = conflict!.suggestions.find(
      (s) => s.action === 'release' && titleOf(s.eventId) === 'Focus block',
    )!;
    const retried = await call('POST', `/conflicts/${conflict!.id}/resolve/`, {
      action: 'apply',
      suggestionId: rest.id,
    });
    expect(retried.statusCode, retried.body).toBe(200);
    const record = retried.json().conflict.resolution;
    expect(record).toMatchObject({ state: 'done', applied: [{ writeBack: { status: 'done' } }] });
    expect(
      record.earlier.map((a: { suggestion: { eventId: string } }) => titleOf(a.suggestion.eventId)),
    ).toEqual(['Hold']);
    expect(truth('hold2')?.status).toBe('cancelled');
  });

  it('a decision cut short before its write is shown as interrupted and can be applied again', async () => {
    await connected([primary([pricing, hold])]);
    const [conflict] = await conflicts('?status=open');
    const release = conflict!.suggestions.find((s) => s.action === 'release')!;
    // A resolver claimed the conflict an hour ago and never wrote: the process died.
    const claimed = await context().store.conflicts.decide(
      scope,
      conflict!.id,
      {
        status: 'resolved',
        resolvedBy: `user:${scope.userId}`,
        resolution: {
          action: 'apply',
          state: 'pending',
          suggestion: release,
          writeBack: { status: 'pending', message: 'being carried out' },
          applied: [
            { suggestion: release, writeBack: { status: 'pending', message: 'being carried out' } },
          ],
          note: null,
        },
      },
      new Date(Date.now() - 3_600_000),
    );
    expect(claimed).toBe(true);
    const [shown] = await conflicts();
    expect(shown).toMatchObject({ status: 'resolved', resolution: { state: 'interrupted' } });
    const again = await call('POST', `/conflicts/${conflict!.id}/resolve/`, {
      action: 'apply',
      suggestionId: release.id,
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({
      conflict: { status: 'resolved', resolution: { state: 'done' } },
      writeBack: { status: 'done' },
    });
    expect(truth('hold1')?.status).toBe('cancelled');
  });
});
