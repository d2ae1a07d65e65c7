/**
 * Calendars whose events have no UID (some exporters write none), and what the tests of the
 * decisions taken on them read back: their meetings, their conflicts, and how to decide on both.
 */
import { expect } from 'vitest';
import type { ConflictView } from '../../src/api/conflicts-schemas.js';
import type { Scope } from '../../src/store/store.js';
import type { TestApi } from './test-app.js';

/** A VEVENT without a UID, organised by ana@northwind.io. */
export const uidlessVevent = (
  start: string,
  end: string,
  summary: string,
  extra: string[] = [],
) => [
  'BEGIN:VEVENT',
  'DTSTAMP:20260101T000000Z',
  `DTSTART:${start}`,
  `DTEND:${end}`,
  `SUMMARY:${summary}`,
  'ORGANIZER;CN=Ana:mailto:ana@northwind.io',
  ...extra,
  'END:VEVENT',
];

/** A calendar file of the given VEVENTs, as an exporter without UIDs writes it. */
export const uidlessCalendar = (...events: string[][]): string =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//exporter without uids//EN',
    ...events.flat(),
    'END:VCALENDAR',
    '',
  ].join('\r\n');

/**
 * A discovery call with Acme (a sales meeting), a dentist's appointment over it (the conflict),
 * and two identical holds, which must stay two events (the second named with -2).
 */
export const UIDLESS_SALES_CALL_FILE = uidlessCalendar(
  uidlessVevent('20260312T150000Z', '20260312T160000Z', 'Acme discovery call', [
    'ATTENDEE;PARTSTAT=ACCEPTED:mailto:jdoe@acme.com',
    'LOCATION:https://acme.zoom.us/j/1',
  ]),
  uidlessVevent('20260312T153000Z', '20260312T163000Z', 'Dentist'),
  uidlessVevent('20260313T090000Z', '20260313T093000Z', 'Hold'),
  uidlessVevent('20260313T090000Z', '20260313T093000Z', 'Hold'),
);

/** Detection, then the conflict pass: what a sync's follow-up tasks would run. */
export async function detectMeetingsAndScanConflicts(api: TestApi, scope: Scope): Promise<void> {
  await api.app.meetings.detectNow(scope);
  await api.app.conflicts.scan(scope);
}

export interface ConflictSummary {
  id: string;
  kind: string;
  status: string;
  titles: string[];
}

/** The conflicts from 1 March that are not cleared, by what a decision on them must keep. */
export async function uncleared(api: TestApi, scope: Scope): Promise<ConflictSummary[]> {
  const { items } = await api.app.conflicts.list(scope, {
    from: '2026-03-01T00:00:00Z',
    limit: 100,
  });
  return (items as ConflictView[])
    .filter((c) => c.status !== 'cleared')
    .map((c) => ({
      id: c.id,
      kind: c.kind,
      status: c.status,
      titles: c.events.map((e) => e.title).sort(),
    }));
}

/**
 * Dismisses the one open conflict, between `title` and the dentist's appointment, and returns
 * the conflicts as that decision leaves them, for comparing after the calendar comes back.
 */
export async function dismissOverlapWithDentist(
  api: TestApi,
  scope: Scope,
  title: string,
): Promise<ConflictSummary[]> {
  const [overlap] = await uncleared(api, scope);
  expect(overlap).toMatchObject({ status: 'open', titles: [title, 'Dentist'] });
  await api.app.conflicts.resolve(scope, overlap!.id, { action: 'dismiss', note: 'moved it' });
  return uncleared(api, scope);
}
