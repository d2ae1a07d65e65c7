/**
 * Stopping a removed calendar's push is best-effort: whatever the stop throws (a provider's
 * refusals are logged by the stop itself; this is anything else, say the store) is logged with
 * the calendar, and the calendar is removed all the same. The stop is asked for the calendar
 * being removed only, with its connection, before the calendar goes.
 */
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { CalendarDiscovery } from '../../src/app/services/calendar-discovery.js';
import type { RemoteCalendar } from '../../src/providers/provider.js';
import { describeEachDialect, seedTenant } from '../support/databases.js';

const NOW = new Date('2026-03-02T12:00:00.000Z');
const TWO_DAYS_AGO = new Date(NOW.getTime() - 2 * 86_400_000);

const remote = (id: string): RemoteCalendar => ({
  providerCalendarId: id,
  name: id,
  timeZone: 'UTC',
  isPrimary: false,
});

describeEachDialect('a removed calendar whose push cannot be stopped', (context) => {
  it('is logged, and the calendar is removed all the same', async () => {
    const { store } = context();
    const { scope } = await seedTenant(store, 'discovery-push-failure');
    const connection = await store.connections.create(scope, {
      provider: 'google',
      label: 'dana@northwind.io',
      secrets: { refreshToken: 'r' },
      settings: {},
    });
    const kept = (await store.calendars.upsert(scope, connection.id, remote('kept')))!;
    const gone = (await store.calendars.upsert(scope, connection.id, remote('gone')))!;
    await store.calendars.markMissing(scope, gone.id, TWO_DAYS_AGO);
    const lines: Array<Record<string, unknown>> = [];
    const stops: Array<{ connectionId: string; calendarId: string; stored: boolean }> = [];
    const discovery = new CalendarDiscovery({
      store,
      providers: new Map([['google', { listCalendars: async () => [remote('kept')] }]]),
      sync: { queueCalendar: async () => null },
      logger: pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) }),
      clock: () => NOW,
      redetect: async () => undefined,
      push: {
        google: async (_scope, withSecrets, calendarId) => {
          const stored = (await store.calendars.get(scope, calendarId)) !== undefined;
          stops.push({ connectionId: withSecrets.id, calendarId, stored });
          throw new Error('database is locked');
        },
      },
    });
    const [result] = await discovery.refreshUser(scope);
    expect(result).toMatchObject({ outcome: 'reconciled', removed: 1 });
    expect(stops).toEqual([{ connectionId: connection.id, calendarId: gone.id, stored: true }]);
    expect(await store.calendars.get(scope, gone.id)).toBeUndefined();
    expect(await store.calendars.get(scope, kept.id)).toBeDefined();
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 40,
        calendarId: gone.id,
        msg: 'push of a calendar no longer listed not stopped; the calendar is removed all the same',
      }),
    );
  });
});
