import { describe, expect, it } from 'vitest';
import { buildEvent } from '../../../test/support/databases.js';
import { eventContent } from '../../store/event-rows.js';
import type { PageCommit } from './commit-page.js';
import { fromWire, toWire } from './page-wire.js';

describe('the writer thread wire format', () => {
  const raws: unknown[] = [
    { id: 'g1', attendees: [{ email: 'a@x.test', responseStatus: 'accepted' }], n: 1.5 },
    ['vevent', [['uid', {}, 'text', 'u1@x.test']], []],
    { text: 'quotes " and \\ and \u2028 and 🚀', empty: {}, list: [null, true, -0] },
    { skipped: undefined, kept: null, at: new Date('2026-03-02T10:00:00Z') },
    null,
    undefined,
  ];
  const commit: PageCommit = {
    scope: { orgId: 'org-1', userId: 'user-1' },
    calendarId: 'calendar-1',
    generation: 7,
    page: {
      mode: 'delta',
      upserts: raws.map((raw, i) => ({
        event: buildEvent({ providerEventId: `e${i}`, description: i ? null : 'a\nb' }),
        raw,
      })),
      deletions: ['gone-1', 'gone-2'],
      issues: [{ message: 'line 3 is broken', line: 3, providerEventId: null }],
      nextCursor: 'next',
      hasMore: false,
    },
  };

  it('arrives as the same commit, with each event stored and hashed as the original would be', () => {
    const arrived = fromWire(toWire(commit));
    expect({ ...arrived, page: { ...arrived.page, upserts: [] } }).toEqual({
      ...commit,
      page: { ...commit.page, upserts: [] },
    });
    expect(arrived.page.upserts.map((u) => u.event)).toEqual(
      commit.page.upserts.map((u) => u.event),
    );
    expect(arrived.page.upserts.map((u) => eventContent(u.event, u.raw))).toEqual(
      commit.page.upserts.map((u) => eventContent(u.event, u.raw)),
    );
  });

  it('carries the raw payloads as the JSON the store keeps, not as objects', () => {
    const wire = toWire(commit);
    expect(wire.raws).toEqual(raws.map((raw) => JSON.stringify(raw ?? null)));
    expect(wire.json).not.toContain('u1@x.test');
  });
});
