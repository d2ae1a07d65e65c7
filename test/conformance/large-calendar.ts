/**
 * Builds a large, realistic calendar for speed measurements (deterministic: a seeded generator):
 * Outlook/Google-like events with descriptions and attendees, about 17 MB for 50,000 VEVENTs,
 * as in DESIGN.md's measurement. About one event in ten is a recurring master (weekly, daily,
 * monthly; COUNT, UNTIL or unbounded; EXDATEs), and one in fifty an override of one of them.
 */

/** Small deterministic PRNG (mulberry32) so that every run measures the same file. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

function stamp(ms: number, utc: boolean): string {
  const d = new Date(ms);
  const s = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00`;
  return utc ? `${s}Z` : s;
}

const VTIMEZONES = [
  'BEGIN:VTIMEZONE',
  'TZID:W. Europe Standard Time',
  'BEGIN:STANDARD',
  'DTSTART:16010101T030000',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:16010101T020000',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
];

const ZONES = ['Europe/Berlin', 'America/New_York', 'W. Europe Standard Time', null] as const;
const RULES = [
  'FREQ=WEEKLY;BYDAY=MO,WE',
  'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=40',
  'FREQ=DAILY;UNTIL=20271231T000000Z',
  'FREQ=MONTHLY;BYDAY=2TH',
  'FREQ=WEEKLY;BYDAY=FR;',
];

interface Built {
  text: string;
  events: number;
  recurring: number;
  overrides: number;
}

/** A calendar of `events` VEVENTs spread over 2024-2027. */
export function buildLargeCalendar(events: number, seed = 42): Built {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const out: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//calintel//bench//EN',
    'X-WR-CALNAME:Bench',
    'X-WR-TIMEZONE:Europe/Berlin',
    ...VTIMEZONES,
  ];
  const masters: { uid: string; start: number; zone: string | null }[] = [];
  let recurring = 0;
  let overrides = 0;
  const base = Date.UTC(2024, 0, 1, 7);
  for (let i = 0; i < events; i++) {
    const start =
      base + Math.floor(rnd() * 4 * 365) * 86_400_000 + Math.floor(rnd() * 20) * 1_800_000;
    const zone = pick(ZONES);
    const kind = rnd();
    const lines = ['BEGIN:VEVENT'];
    let uid = `evt-${i}-${Math.floor(rnd() * 1e9).toString(36)}@bench.example.com`;
    if (kind < 0.02 && masters.length) {
      const m = pick(masters);
      uid = m.uid;
      lines.push(`RECURRENCE-ID${m.zone ? `;TZID=${m.zone}` : ''}:${stamp(m.start, !m.zone)}`);
      overrides++;
    }
    lines.push(`UID:${uid}`, `DTSTAMP:${stamp(base, true)}`);
    if (kind > 0.97) {
      const day = stamp(start, false).slice(0, 8);
      lines.push(
        `DTSTART;VALUE=DATE:${day}`,
        `DTEND;VALUE=DATE:${stamp(start + 86_400_000, false).slice(0, 8)}`,
      );
    } else {
      const prefix = zone ? `;TZID=${zone}` : '';
      lines.push(
        `DTSTART${prefix}:${stamp(start, !zone)}`,
        `DTEND${prefix}:${stamp(start + 3_600_000, !zone)}`,
      );
    }
    if (kind >= 0.02 && kind < 0.1) {
      lines.push(
        `RRULE:${pick(RULES)}`,
        `EXDATE${zone ? `;TZID=${zone}` : ''}:${stamp(start + 7 * 86_400_000, !zone)}`,
      );
      masters.push({ uid, start, zone });
      recurring++;
    }
    lines.push(
      `SUMMARY:Meeting ${i} about project ${Math.floor(rnd() * 500)}`,
      'DESCRIPTION:Agenda: status\\, risks\\, next steps. https://zoom.us/j/1234567890',
      `LOCATION:Room ${Math.floor(rnd() * 80)}`,
      'ORGANIZER;CN=Ana Ruiz:mailto:ana@northwind.example',
      'ATTENDEE;CN=Jane Doe;PARTSTAT=ACCEPTED:mailto:jdoe@acme.example',
      'STATUS:CONFIRMED',
      'END:VEVENT',
    );
    out.push(...lines);
  }
  out.push('END:VCALENDAR', '');
  return { text: out.join('\r\n'), events, recurring, overrides };
}
