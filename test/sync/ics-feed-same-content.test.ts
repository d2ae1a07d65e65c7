/**
 * A feed whose server renews its ETag on every request: the same body again, or the old body
 * back after one empty answer, keeps or brings back the issues and counts of its content in the
 * sync status, through the engine and the store.
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

const meeting = [
  'BEGIN:VEVENT',
  'UID:kickoff@acme.test',
  'DTSTAMP:20261101T000000Z',
  'DTSTART:20261203T140000Z',
  'DTEND:20261203T150000Z',
  'SUMMARY:Initech kickoff',
  'END:VEVENT',
].join('\r\n');

const brokenBlock = [
  'BEGIN:VEVENT',
  'UID:broken@acme.test',
  'DTSTART:20261204T170000Z',
  'DTEND:20261204T180000Z',
  'THIS LINE IS BROKEN WITHOUT COLON',
  'END:VEVENT',
].join('\r\n');

describeEachDialect('an ICS feed under a new ETag on every request', (context) => {
  let tenant: Tenant;
  let body = '';
  let requests = 0;
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
              fetch: async () => {
                requests += 1;
                return new Response(body, { status: 200, headers: { etag: `"r${requests}"` } });
              },
            }),
          ),
        ],
      ]),
      clock: () => NOW,
      window: { pastDays: 30, futureDays: 90 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
    });
  const sync = () => engine().syncCalendar(tenant.scope, tenant.calendar.id);
  const counts = async () => {
    const status = await context().store.syncStatus.get(tenant.scope, tenant.calendar.id);
    return {
      issues: status?.lastIssues,
      issueCount: status?.lastIssueCount,
      eventsLeftOut: status?.lastEventsLeftOut,
      eventsKept: status?.lastEventsKept,
    };
  };

  beforeEach(async () => {
    tenant = await seedTenant(context().store, 'ics-same-content');
    requests = 0;
  });

  it('the same body under a new ETag keeps the issues and counts of its last read', async () => {
    body = calendar(meeting, brokenBlock);
    await sync();
    const first = await counts();
    // The broken event is left out, or kept once broken-line recovery mends it: one either way.
    expect(first.issueCount).toBe(1);
    expect((first.eventsLeftOut ?? 0) + (first.eventsKept ?? 0)).toBe(1);
    await sync();
    expect(await counts()).toEqual(first);
    expect(requests).toBe(2);
  });

  it('the old body back after one empty answer says its issues again', async () => {
    body = calendar(meeting, brokenBlock);
    await sync();
    const first = await counts();
    body = calendar();
    await sync();
    expect(await counts()).toMatchObject({ issueCount: 1, eventsLeftOut: null, eventsKept: null });
    expect(JSON.stringify((await counts()).issues)).toMatch(/without events/);
    body = calendar(meeting, brokenBlock);
    await sync();
    expect(await counts()).toEqual(first);
  });
});
