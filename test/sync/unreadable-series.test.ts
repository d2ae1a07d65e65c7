/**
 * A series (an ICS UID) the provider lists but cannot read keeps every stored instance through
 * a snapshot, not only an event stored under its bare UID (instances are `uid::recurrence-id`).
 */
import { beforeEach, expect, it } from 'vitest';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import { IcsClient } from '../../src/providers/ics/ics-client.js';
import { IcsProvider } from '../../src/providers/ics/ics-provider.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import { describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');

const calendar = (...blocks: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', ...blocks, 'END:VCALENDAR', ''].join(
    '\r\n',
  );
const vevent = (uid: string, start: string, extra: string[] = []) =>
  [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART${start}`,
    'DURATION:PT1H',
    'SUMMARY:s',
    ...extra,
    'END:VEVENT',
  ].join('\r\n');

const single = vevent('a', ':20260302T100000Z');
const weekly = ['RRULE:FREQ=WEEKLY;COUNT=4'];
const good = calendar(single, vevent('s', ':20260302T090000Z', weekly));

const broken: Record<string, string> = {
  'a garbage line': calendar(
    single,
    vevent('s', ':20260302T090000Z', [...weekly, 'DTSTART;X="unclosed:20260302T090000Z']),
  ),
  'an unknown RRULE frequency': calendar(
    single,
    vevent('s', ':20260302T090000Z', ['RRULE:FREQ=SOMETIMES']),
  ),
  'an unbalanced TZID quote': calendar(
    single,
    vevent('s', ';TZID="Europe/Paris:20260302T090000', weekly),
  ),
  'a bad DTSTART': calendar(single, vevent('s', ':garbage', weekly)),
};

describeEachDialect('an unreadable series', (context) => {
  let tenant: Tenant;
  let body = good;
  const engine = () =>
    new SyncEngine({
      store: new StoreSyncAdapter(context().store),
      providers: new Map([
        [
          'ics',
          new IcsProvider(
            new IcsClient({
              timeoutMs: 5000,
              maxBytes: 1_000_000,
              fetch: async () => new Response(body, { status: 200 }),
            }),
          ),
        ],
      ]),
      clock: () => NOW,
      window: { pastDays: 30, futureDays: 90 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
    });
  const storedIds = async () =>
    (await context().store.events.list(tenant.scope, { calendarId: tenant.calendar.id })).items.map(
      (e) => e.event.providerEventId,
    );

  beforeEach(async () => {
    tenant = await seedTenant(context().store, 'series');
  });

  for (const [name, text] of Object.entries(broken)) {
    it(`in an ICS feed (${name}) keeps all its stored instances`, async () => {
      body = good;
      await engine().syncCalendar(tenant.scope, tenant.calendar.id);
      const before = (await storedIds()).sort();
      expect(before).toHaveLength(5);
      body = text;
      const outcome = await engine().syncCalendar(tenant.scope, tenant.calendar.id);
      expect(outcome.issues.length).toBeGreaterThan(0);
      expect(outcome.deleted).toBe(0);
      expect((await storedIds()).sort()).toEqual(before);
      // Gone from the feed altogether: now its instances go.
      body = calendar(single);
      expect((await engine().syncCalendar(tenant.scope, tenant.calendar.id)).deleted).toBe(4);
      expect(await storedIds()).toEqual(['a']);
    });
  }
});
