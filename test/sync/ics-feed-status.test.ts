/**
 * What a polled ICS feed leaves in the change log and the sync status, through the engine and
 * the store: a cancelled occurrence is one `cancelled` change (its stub lists no attendees, who
 * did not leave), a restored one an update of its status, compared with the occurrence as it
 * was before the stub (a moved one is not moved back and forth); an unchanged feed (304) keeps the
 * issues of its last parse; a success clears the error of the failure before it.
 */
import { beforeEach, expect, it } from 'vitest';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import { IcsClient } from '../../src/providers/ics/ics-client.js';
import { IcsProvider } from '../../src/providers/ics/ics-provider.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import { describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';

const NOW = new Date('2026-12-01T12:00:00.000Z');

const calendar = (...blocks: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', ...blocks, 'END:VCALENDAR', ''].join(
    '\r\n',
  );

const master = [
  'BEGIN:VEVENT',
  'UID:weekly@google.com',
  'DTSTAMP:20261101T000000Z',
  'DTSTART:20261208T140000Z',
  'DTEND:20261208T143000Z',
  'RRULE:FREQ=WEEKLY;COUNT=4',
  'SUMMARY:Initech weekly check-in',
  'ORGANIZER;CN=Ana Ruiz:mailto:ana@acme.test',
  'ATTENDEE;PARTSTAT=ACCEPTED:mailto:bill@initech.test',
  'ATTENDEE;PARTSTAT=ACCEPTED:mailto:ana@acme.test',
  'LOCATION:https://meet.google.com/abc-defg-hij',
  'END:VEVENT',
].join('\r\n');

// As a hand-written, Google-style export cancels one occurrence: times and status, no people.
const cancelledOverride = [
  'BEGIN:VEVENT',
  'UID:weekly@google.com',
  'DTSTAMP:20261101T000000Z',
  'RECURRENCE-ID:20261215T140000Z',
  'DTSTART:20261215T140000Z',
  'DTEND:20261215T143000Z',
  'SUMMARY:Initech weekly check-in',
  'STATUS:CANCELLED',
  'SEQUENCE:2',
  'END:VEVENT',
].join('\r\n');

// The same occurrence moved to 16:00 in Room A, then cancelled by a stub at its RECURRENCE-ID.
const movedOverride = (room: string, ...attendees: string[]) =>
  [
    'BEGIN:VEVENT',
    'UID:weekly@google.com',
    'DTSTAMP:20261101T000000Z',
    'RECURRENCE-ID:20261215T140000Z',
    'DTSTART:20261215T160000Z',
    'DTEND:20261215T163000Z',
    'SUMMARY:Initech weekly check-in',
    'ORGANIZER;CN=Ana Ruiz:mailto:ana@acme.test',
    ...attendees.map((email) => `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${email}`),
    `LOCATION:${room}`,
    'SEQUENCE:1',
    'END:VEVENT',
  ].join('\r\n');

const brokenBlock = [
  'BEGIN:VEVENT',
  'UID:broken@google.com',
  'DTSTART:20261204T170000Z',
  'DTEND:20261204T180000Z',
  'THIS LINE IS BROKEN WITHOUT COLON',
  'END:VEVENT',
].join('\r\n');

const OCCURRENCE = 'weekly@google.com::2026-12-15T14:00:00Z';

describeEachDialect('an ICS feed in the change log and sync status', (context) => {
  let tenant: Tenant;
  let answer: () => Response;
  const engine = () =>
    new SyncEngine({
      store: new StoreSyncAdapter(context().store),
      providers: new Map([
        [
          'ics',
          new IcsProvider(
            new IcsClient({ timeoutMs: 5000, maxBytes: 1_000_000, fetch: async () => answer() }),
          ),
        ],
      ]),
      clock: () => NOW,
      window: { pastDays: 30, futureDays: 90 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
    });
  const serve = (body: string) => {
    answer = () => new Response(body, { status: 200, headers: { etag: `"${body.length}"` } });
  };
  const sync = () => engine().syncCalendar(tenant.scope, tenant.calendar.id);
  const status = async () => context().store.syncStatus.get(tenant.scope, tenant.calendar.id);
  const changesAfter = async (since: string) =>
    (await context().store.changes.list(tenant.scope, { since })).items.map((c) => ({
      providerEventId: c.providerEventId,
      change: c.change,
    }));

  beforeEach(async () => {
    tenant = await seedTenant(context().store, 'ics-status');
  });

  it('a cancelled occurrence is one cancelled change, and its return one status update', async () => {
    serve(calendar(master));
    await sync();
    const beforeCancel = await context().store.changes.latestCursor(tenant.scope);
    serve(calendar(master, cancelledOverride));
    await sync();
    expect(await changesAfter(beforeCancel)).toEqual([
      { providerEventId: OCCURRENCE, change: { kind: 'cancelled' } },
    ]);
    const beforeReturn = await context().store.changes.latestCursor(tenant.scope);
    serve(calendar(master));
    await sync();
    expect(await changesAfter(beforeReturn)).toEqual([
      { providerEventId: OCCURRENCE, change: { kind: 'updated', fields: ['status'] } },
    ]);
  });

  it('a moved occurrence cancelled by a stub and restored logs what changed since it moved', async () => {
    serve(calendar(master, movedOverride('Room A', 'bill@initech.test', 'ana@acme.test')));
    await sync();
    const beforeCancel = await context().store.changes.latestCursor(tenant.scope);
    serve(calendar(master, cancelledOverride));
    await sync();
    expect(await changesAfter(beforeCancel)).toEqual([
      { providerEventId: OCCURRENCE, change: { kind: 'cancelled' } },
    ]);
    const beforeReturn = await context().store.changes.latestCursor(tenant.scope);
    serve(calendar(master, movedOverride('Room A', 'bill@initech.test', 'ana@acme.test')));
    await sync();
    expect(await changesAfter(beforeReturn)).toEqual([
      { providerEventId: OCCURRENCE, change: { kind: 'updated', fields: ['status'] } },
    ]);
    serve(calendar(master, cancelledOverride));
    await sync();
    const beforeChangedReturn = await context().store.changes.latestCursor(tenant.scope);
    serve(calendar(master, movedOverride('Room B', 'ana@acme.test')));
    await sync();
    expect(await changesAfter(beforeChangedReturn)).toEqual([
      {
        providerEventId: OCCURRENCE,
        change: { kind: 'updated', fields: ['location', 'status'] },
      },
      {
        providerEventId: OCCURRENCE,
        change: { kind: 'attendee_removed', email: 'bill@initech.test' },
      },
    ]);
  });

  it("an unchanged feed (304) keeps its last parse's issues until its content changes", async () => {
    serve(calendar(master, brokenBlock));
    await sync();
    const parsed = await status();
    expect(parsed?.lastIssues.length).toBeGreaterThan(0);
    answer = () => new Response(null, { status: 304 });
    await sync();
    expect(await status()).toMatchObject({
      state: 'ok',
      lastIssues: parsed?.lastIssues,
      lastIssueCount: parsed?.lastIssueCount,
    });
    serve(calendar(master));
    await sync();
    expect(await status()).toMatchObject({ lastIssues: [], lastIssueCount: 0 });
  });

  it('a success after a failure clears the failure', async () => {
    answer = () => new Response('down', { status: 503 });
    await expect(sync()).rejects.toThrow();
    expect((await status())?.lastError).not.toBeNull();
    serve(calendar(master));
    await sync();
    expect(await status()).toMatchObject({ state: 'ok', lastError: null, consecutiveFailures: 0 });
  });
});
