/**
 * Graph's calendarView delta sends `@removed` for an event that aged out of the window or changed
 * outside it, not only for a deleted one (providers.md 2.1: "the client filters by its own
 * window"). A past meeting edited after it left the window must stay, with its history.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  startMicrosoftEmulator,
  type GraphEventInput,
  type RunningMicrosoftEmulator,
} from '../../emulators/microsoft/index.js';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import { MicrosoftProvider } from '../../src/providers/microsoft/microsoft-provider.js';
import { tokensToSecrets } from '../../src/providers/microsoft/microsoft-tokens.js';
import type { CalendarProvider } from '../../src/providers/provider.js';
import type { Scope } from '../../src/store/store.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import { describeEachDialect } from '../support/databases.js';
import { clientFor, signIn } from './harness.js';

const ALICE = 'alice@contoso.test';
const utc = (local: string) => ({ dateTime: `${local}.0000000`, timeZone: 'UTC' });
const SEED: GraphEventInput[] = [
  {
    id: 'AAMkOld',
    subject: 'Customer QBR',
    start: utc('2026-02-23T10:00:00'),
    end: utc('2026-02-23T11:00:00'),
  },
  {
    id: 'AAMkSeries',
    subject: 'Weekly 1:1',
    start: utc('2026-02-23T14:00:00'),
    end: utc('2026-02-23T14:30:00'),
    recurrence: {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
      range: { type: 'noEnd', startDate: '2026-02-23' },
    },
  },
  {
    id: 'AAMkSoon',
    subject: 'Pricing call',
    start: utc('2026-03-05T10:00:00'),
    end: utc('2026-03-05T11:00:00'),
  },
];

describeEachDialect('Outlook: removals of events outside the window', (context) => {
  let emulator: RunningMicrosoftEmulator;
  let scope: Scope;
  let calendarId: string;
  const clock = { now: new Date('2026-03-01T12:00:00Z') };
  let engine: SyncEngine;

  beforeEach(async () => {
    clock.now = new Date('2026-03-01T12:00:00Z');
    emulator = await startMicrosoftEmulator({
      seed: {
        users: [
          {
            email: ALICE,
            name: 'Alice',
            calendars: [
              { id: 'cal-alice', name: 'Calendar', isDefaultCalendar: true, events: SEED },
            ],
          },
        ],
      },
      now: () => new Date('2026-03-01T00:00:00Z'),
    });
    const { store } = context();
    const org = await store.organisations.create({
      name: 'aged',
      internalDomains: ['contoso.test'],
    });
    const user = await store.users.create(org.id, { email: ALICE, name: 'Rep' });
    scope = { orgId: org.id, userId: user.id };
    const provider = new MicrosoftProvider(clientFor(emulator), { pageSize: 50 });
    const { tokens } = await signIn(provider.client, emulator, { user: ALICE });
    const secrets = tokensToSecrets(tokens);
    const connection = await store.connections.create(scope, {
      provider: 'microsoft',
      label: 'Outlook',
      secrets,
      settings: {},
    });
    const [remote] = await provider.listCalendars({ id: connection.id, secrets, settings: {} });
    const calendar = remote ? await store.calendars.upsert(scope, connection.id, remote) : null;
    if (!calendar) throw new Error('no calendar');
    calendarId = calendar.id;
    engine = new SyncEngine({
      store: new StoreSyncAdapter(store),
      providers: new Map<string, CalendarProvider>([['microsoft', provider]]),
      clock: () => clock.now,
      window: { pastDays: 7, futureDays: 60 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
    });
  });
  afterEach(async () => emulator?.close());

  const titles = async () =>
    (await context().store.events.list(scope, { calendarId, limit: 500 })).items
      .map(({ event }) => `${event.start.slice(0, 10)} ${event.title}`)
      .filter((line) => line < '2026-03-06');

  it('an edit to a meeting that aged out of the window keeps it; a deletion inside still deletes', async () => {
    await engine.syncCalendar(scope, calendarId);
    // The window now starts on 24 February: both 23 February items have aged out of it.
    clock.now = new Date('2026-03-03T12:00:00Z');
    await engine.syncCalendar(scope, calendarId);
    const since = (await context().store.changes.list(scope, {})).nextCursor;

    emulator.state.updateEvent('cal-alice', 'AAMkOld', { subject: 'Customer QBR (notes added)' });
    emulator.state.updateEvent('cal-alice', 'AAMkSeries', { subject: 'Weekly 1:1 (renamed)' });
    emulator.state.deleteEvent('cal-alice', 'AAMkSoon');
    const run = await engine.syncCalendar(scope, calendarId);

    expect(await titles()).toEqual([
      '2026-02-23 Customer QBR',
      '2026-02-23 Weekly 1:1',
      '2026-03-02 Weekly 1:1 (renamed)',
    ]);
    expect(run.deleted).toBe(1);
    const logged = await context().store.changes.list(scope, { since });
    expect(logged.items.filter((c) => c.change.kind === 'deleted')).toHaveLength(1);
  });
});
