/**
 * The demo's main user is a sales rep: whatever day the demo starts, her calendar should look
 * like a rep's weeks ahead, with customer meetings of several kinds and some that clash.
 */
import { describe, expect, it } from 'vitest';
import type { GoogleEventInput } from '../../emulators/google/types.js';
import { DEMO_USER } from '../../src/app/demo/google-demo.js';
import { DAY_MS, mondayOf } from '../../src/app/demo/demo-time.js';
import { TITLES_BY_STAGE, type Stage } from '../../src/app/demo/northwind-data.js';
import { buildNorthwind, type DemoOrganisation } from '../../src/app/demo/northwind-org.js';

/** A rep books some eight customer meetings in a week, and more than 25 in a month. */
const PER_WEEK = 8;
const PER_MONTH = 25;

/** Every day of one winter week, and a summer day (another UTC offset in Berlin). */
const START_DAYS = [
  ...Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2026, 2, 2 + i, 9, 30))),
  new Date(Date.UTC(2026, 6, 15, 16, 0)),
];

interface CustomerMeeting {
  title: string;
  start: number;
  end: number;
  kind: Stage | null;
}

/** The rep's one-off meetings with a CRM account's people, with the kind their title says. */
function customerMeetings(org: DemoOrganisation, email: string): CustomerMeeting[] {
  const domains = new Set(org.accounts.map((a) => a.domain));
  const events =
    org.seed.users.find((u) => u.email === email)?.calendars?.flatMap((c) => c.events ?? []) ?? [];
  return events
    .filter((e) => !e.recurrence && e.status !== 'cancelled' && e.start?.dateTime)
    .filter((e) => e.attendees?.some((a) => domains.has(a.email?.split('@')[1] ?? '')))
    .map((e) => ({
      title: e.summary ?? '',
      start: Date.parse(e.start?.dateTime ?? ''),
      end: Date.parse(e.end?.dateTime ?? ''),
      kind: kindOf(e.summary ?? ''),
    }));
}

function kindOf(title: string): Stage | null {
  for (const [kind, templates] of Object.entries(TITLES_BY_STAGE) as [Stage, string[]][]) {
    for (const template of templates) {
      const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[apc]\}/g, '.+');
      if (new RegExp(`^${pattern}$`, 'u').test(title)) return kind;
    }
  }
  return null;
}

const between = (meetings: CustomerMeeting[], from: number, days: number) =>
  meetings.filter((m) => m.start >= from && m.start < from + days * DAY_MS);

function ownEvents(org: DemoOrganisation, email: string): GoogleEventInput[] {
  return (
    org.seed.users.find((u) => u.email === email)?.calendars?.flatMap((c) => c.events ?? []) ?? []
  );
}

describe("the demo's sales rep, whatever day the demo starts", () => {
  for (const now of START_DAYS) {
    const label = now.toISOString().slice(0, 10);
    const org = buildNorthwind(mondayOf(now));
    const meetings = customerMeetings(org, DEMO_USER);

    it(`has a rep's week of customer meetings ahead of ${label}, of at least three kinds`, () => {
      const week = between(meetings, now.getTime(), 7);
      expect(week.length).toBeGreaterThanOrEqual(PER_WEEK);
      expect(new Set(week.map((m) => m.kind).filter(Boolean)).size).toBeGreaterThanOrEqual(3);
    });

    it(`has a month of customer meetings of every kind ahead of ${label}`, () => {
      const month = between(meetings, now.getTime(), 30);
      expect(month.length).toBeGreaterThanOrEqual(PER_MONTH);
      expect(new Set(month.map((m) => m.kind).filter(Boolean))).toEqual(
        new Set(['discovery', 'demo', 'follow_up', 'negotiation', 'closing']),
      );
    });

    it(`has meetings that clash in the two weeks after ${label}`, () => {
      const timed = ownEvents(org, DEMO_USER)
        .filter((e) => !e.recurrence && e.status !== 'cancelled' && e.start?.dateTime)
        .map((e) => ({
          start: Date.parse(e.start?.dateTime ?? ''),
          end: Date.parse(e.end?.dateTime ?? ''),
        }))
        .filter((e) => e.start >= now.getTime() && e.start < now.getTime() + 14 * DAY_MS)
        .sort((a, b) => a.start - b.start);
      let reach = 0;
      const clashes = timed.filter((e) => {
        const clash = e.start < reach;
        reach = Math.max(reach, e.end);
        return clash;
      });
      expect(clashes.length).toBeGreaterThan(0);
    });
  }
});
