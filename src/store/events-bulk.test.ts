import { expect, it } from 'vitest';
import { buildEvent, describeEachDialect, seedTenant } from '../../test/support/databases.js';
import { emptyChangeCounts } from '../domain/changes/event-change.js';

const COUNT = 50_000;

describeEachDialect('events repository at scale', (context) => {
  it(`applies ${COUNT} events in chunks under the bound-parameter limits, then finds them unchanged`, async () => {
    const { store, dialect } = context();
    const { scope, calendar } = await seedTenant(store);
    const base = Date.parse('2026-01-01T00:00:00Z');
    const events = Array.from({ length: COUNT }, (_, i) =>
      buildEvent({
        providerEventId: `bulk-${i}`,
        start: new Date(base + (i % 5000) * 1_800_000).toISOString(),
        title: `Meeting ${i}`,
      }),
    );
    const page = { upserts: events.map((event, i) => ({ event, raw: { i } })), deletions: [] };

    let started = performance.now();
    const first = await store.events.applyPage(scope, calendar.id, page, 1);
    const insertMs = performance.now() - started;
    expect(first).toEqual({
      added: COUNT,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      changes: { ...emptyChangeCounts(), created: COUNT },
    });

    started = performance.now();
    const again = await store.events.applyPage(scope, calendar.id, page, 2);
    const unchangedMs = performance.now() - started;
    expect(again).toEqual({
      added: 0,
      updated: 0,
      unchanged: COUNT,
      deleted: 0,
      changes: emptyChangeCounts(),
    });

    page.upserts = page.upserts.map(({ event, raw }) => ({
      event: { ...event, title: `${event.title}!` },
      raw,
    }));
    started = performance.now();
    const changed = await store.events.applyPage(scope, calendar.id, page, 2);
    const updateMs = performance.now() - started;
    expect(changed.updated).toBe(COUNT);
    expect(changed.changes).toEqual({ ...emptyChangeCounts(), updated: COUNT });

    expect(await store.events.count(scope, { calendarId: calendar.id })).toBe(COUNT);
    started = performance.now();
    const deleted = await store.events.applyPage(
      scope,
      calendar.id,
      { upserts: [], deletions: events.map((e) => e.providerEventId) },
      3,
    );
    const deleteMs = performance.now() - started;
    expect(deleted.deleted).toBe(COUNT);
    expect(deleted.changes.deleted).toBe(COUNT);
    console.log(
      `[${dialect}] applyPage ${COUNT} events: insert ${insertMs.toFixed(0)} ms, unchanged ${unchangedMs.toFixed(0)} ms, update ${updateMs.toFixed(0)} ms, delete ${deleteMs.toFixed(0)} ms`,
    );
  }, 180_000);
});
