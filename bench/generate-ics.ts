/**
 * A large, realistic calendar for benchmarks: mostly single meetings with attendees, some weekly
 * and daily series (bounded and unbounded), overrides and EXDATEs, in a few time zones.
 */

import { createHash } from 'node:crypto';

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'UTC'];
const DAY_MS = 86_400_000;

export interface GeneratedCalendar {
  text: string;
  vevents: number;
}

export function generateIcs(vevents: number, start = Date.UTC(2026, 0, 5, 9)): GeneratedCalendar {
  const lines: string[] = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//calintel//bench//EN'];
  let written = 0;
  for (let i = 0; written < vevents; i++) {
    const kind = i % 50;
    if (kind === 0 && written + 2 <= vevents) {
      written += pushSeries(lines, i, start);
    } else {
      pushSingle(lines, i, start);
      written += 1;
    }
  }
  lines.push('END:VCALENDAR');
  return { text: `${lines.join('\r\n')}\r\n`, vevents: written };
}

function pushSingle(lines: string[], i: number, start: number): void {
  const begins = new Date(start + (i % 400) * DAY_MS + (i % 9) * 3_600_000);
  const zone = ZONES[i % ZONES.length] ?? 'UTC';
  lines.push(
    'BEGIN:VEVENT',
    `UID:${uid(`single-${i}`)}@bench.calintel`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART;TZID=${zone}:${local(begins)}`,
    `DTEND;TZID=${zone}:${local(new Date(begins.getTime() + 1_800_000))}`,
    `SUMMARY:Customer call ${i} | discovery`,
    `DESCRIPTION:Agenda for meeting ${i}: needs\\, timeline\\, budget. https://acme.zoom.us/j/${100000 + i}`,
    `LOCATION:${i % 3 === 0 ? 'Acme HQ, Berlin' : 'https://meet.google.com/abc-defg-hij'}`,
    `ORGANIZER;CN=Rep ${i % 17}:mailto:rep${i % 17}@northwind.io`,
    `ATTENDEE;CN=Rep ${i % 17};PARTSTAT=ACCEPTED:mailto:rep${i % 17}@northwind.io`,
    `ATTENDEE;CN=Buyer ${i};PARTSTAT=NEEDS-ACTION:mailto:buyer${i}@customer${i % 300}.com`,
    'END:VEVENT',
  );
}

/** A weekly series with one moved instance: two VEVENTs. */
function pushSeries(lines: string[], i: number, start: number): number {
  const begins = new Date(start + (i % 60) * DAY_MS);
  const rule = i % 100 === 0 ? 'FREQ=WEEKLY;BYDAY=MO,TH' : 'FREQ=WEEKLY;COUNT=30';
  lines.push(
    'BEGIN:VEVENT',
    `UID:${uid(`series-${i}`)}@bench.calintel`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART;TZID=Europe/Berlin:${local(begins)}`,
    `DTEND;TZID=Europe/Berlin:${local(new Date(begins.getTime() + 3_600_000))}`,
    `RRULE:${rule}`,
    `EXDATE;TZID=Europe/Berlin:${local(new Date(begins.getTime() + 14 * DAY_MS))}`,
    `SUMMARY:Weekly sync ${i}`,
    `ATTENDEE;PARTSTAT=ACCEPTED:mailto:rep${i % 17}@northwind.io`,
    `ATTENDEE;PARTSTAT=ACCEPTED:mailto:lead${i}@customer${i % 300}.com`,
    'END:VEVENT',
    'BEGIN:VEVENT',
    `UID:${uid(`series-${i}`)}@bench.calintel`,
    'DTSTAMP:20260101T000000Z',
    `RECURRENCE-ID;TZID=Europe/Berlin:${local(new Date(begins.getTime() + 7 * DAY_MS))}`,
    `DTSTART;TZID=Europe/Berlin:${local(new Date(begins.getTime() + 8 * DAY_MS))}`,
    `DTEND;TZID=Europe/Berlin:${local(new Date(begins.getTime() + 8 * DAY_MS + 3_600_000))}`,
    `SUMMARY:Weekly sync ${i} (moved)`,
    'END:VEVENT',
  );
  return 2;
}

/**
 * A UID that looks like an export's (Google's, Outlook's): random-looking, deterministic. The
 * names in order (`single-1`, `single-2`...) had put each write of the store's meeting index
 * next to the previous one, which no real calendar does.
 */
function uid(name: string): string {
  return createHash('sha1').update(name).digest('hex').slice(0, 26);
}

/** Wall-clock digits; the benchmark only needs valid local times, not exact zone offsets. */
function local(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').slice(0, 15);
}
