/**
 * What a sync run tells the log: a failed run one warning naming the calendar, its connection,
 * the error's class and what happens next; a long run a line when it gets long and one at its
 * end (or when it is stopped) with its counts. Short successful runs say nothing.
 */
import { beforeEach, expect, it } from 'vitest';
import { StoreSyncAdapter } from '../../src/app/sync-store-adapter.js';
import { ProviderError } from '../../src/providers/provider.js';
import { SyncEngine } from '../../src/sync/sync-engine.js';
import type { SyncLogger } from '../../src/sync/run-log.js';
import { buildEvent, describeEachDialect, seedTenant, type Tenant } from '../support/databases.js';
import { page, ScriptedProvider } from '../support/scripted-provider.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');

interface Line {
  level: 'info' | 'warn';
  message: string;
  fields: Record<string, unknown>;
}

function recorder(): SyncLogger & { lines: Line[] } {
  const lines: Line[] = [];
  return {
    lines,
    info: (fields, message) => lines.push({ level: 'info', message, fields: { ...fields } }),
    warn: (fields, message) => lines.push({ level: 'warn', message, fields: { ...fields } }),
  };
}

function events(from: number, count: number) {
  return Array.from({ length: count }, (_, i) =>
    buildEvent({ providerEventId: `e${from + i}`, title: `event ${from + i}` }),
  );
}

describeEachDialect('sync run log lines', (context) => {
  let tenant: Tenant;
  beforeEach(async () => {
    tenant = await seedTenant(context().store, 'run-log');
  });

  const engineWith = (provider: ScriptedProvider, logger: SyncLogger) =>
    new SyncEngine({
      store: new StoreSyncAdapter(context().store, { clock: () => NOW }),
      providers: new Map([['ics', provider]]),
      clock: () => NOW,
      window: { pastDays: 90, futureDays: 365 },
      schedule: { intervalMinutes: 15, maxBackoffMinutes: 60 },
      joinPagesUpTo: 1,
      logger,
      longRunEvents: 4,
    });

  it('a failed run is one warning with the calendar, connection, error class and next try', async () => {
    const logger = recorder();
    const refused = new ProviderError('ics', 'transient', 'the feed refused the connection');
    const engine = engineWith(new ScriptedProvider([[refused]]), logger);
    await expect(engine.syncCalendar(tenant.scope, tenant.calendar.id)).rejects.toThrow(/refused/);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatchObject({
      level: 'warn',
      message: 'calendar sync failed',
      fields: {
        calendarId: tenant.calendar.id,
        connectionId: tenant.connection.id,
        provider: 'ics',
        errorKind: 'transient',
        errorClass: 'ProviderError',
        error: 'the feed refused the connection',
        failures: 1,
      },
    });
    expect(logger.lines[0]?.fields['next']).toMatch(/^retried at 2026-03-01T12:/);
  });

  it('a short run that succeeds says nothing; a long one says when it gets long and when it ends', async () => {
    const logger = recorder();
    const provider = new ScriptedProvider([
      [page(events(0, 2))],
      [page(events(10, 3), { hasMore: true, nextCursor: 'c1' }), page(events(20, 3))],
    ]);
    const engine = engineWith(provider, logger);
    await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    expect(logger.lines).toEqual([]);

    await engine.syncCalendar(tenant.scope, tenant.calendar.id);
    expect(logger.lines.map((line) => line.message)).toEqual([
      'long sync under way (a full listing)',
      'long sync finished',
    ]);
    expect(logger.lines[1]?.fields).toMatchObject({
      calendarId: tenant.calendar.id,
      pages: 2,
      added: 6,
    });
  });

  it('a run stopped from outside says what it committed and that the next run resumes', async () => {
    const logger = recorder();
    const provider = new ScriptedProvider([
      [page(events(0, 2), { hasMore: true, nextCursor: 'c1' }), page(events(10, 2))],
    ]);
    const engine = engineWith(provider, logger);
    const stop = new AbortController();
    const run = engine.syncCalendar(tenant.scope, tenant.calendar.id, {
      signal: stop.signal,
      onPage: () => stop.abort(new Error('shutting down')),
    });
    await expect(run).rejects.toMatchObject({ kind: 'aborted' });
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatchObject({
      level: 'info',
      message: 'sync stopped before its end; the next run resumes from its last committed page',
      fields: { calendarId: tenant.calendar.id, pages: 1, added: 2 },
    });
  });
});
