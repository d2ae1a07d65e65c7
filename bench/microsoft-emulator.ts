/**
 * The Microsoft Graph emulator for the benchmarks, in a process of its own so that neither its
 * memory nor its CPU is counted in the process being measured:
 *   node --import tsx bench/microsoft-emulator.ts '{"events":100000}'
 * seeds one mailbox's default calendar with a generated, deterministic set of events, starts the
 * emulator (HTTPS, its certificate made at start) and prints one JSON line (EmulatorInfo, with the
 * certificate to trust); it runs until its stdin closes or it gets SIGTERM. `spawnEmulator` does
 * that from a parent and reads the line back.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import {
  startMicrosoftEmulator,
  type GraphEventInput,
  type GraphSeed,
  type SettingsPatch,
} from '../emulators/microsoft/index.js';
import type { GraphAttendee, GraphResponse } from '../emulators/microsoft/types.js';
import { seededRandom } from '../emulators/microsoft/prng.js';

export const BENCH_USER = 'rep@northwind.io';
export const BENCH_CALENDAR = 'AAMkBenchCalendar';
const DAY_MS = 86_400_000;
/** Generated events lie within this many days before and after the anchor. */
const SPREAD_DAYS = 730;
/**
 * The sync window the benchmark asks for (days before and after today), wide enough to hold every
 * generated event around the fixed anchor: both measurements list the same whole mailbox.
 */
export const WINDOW_DAYS = 1500;
/** Windows zone names, as Outlook writes them, and what they stand for. */
const IANA: Record<string, string> = {
  'W. Europe Standard Time': 'Europe/Berlin',
  'Eastern Standard Time': 'America/New_York',
  'GMT Standard Time': 'Europe/London',
  'Singapore Standard Time': 'Asia/Singapore',
};
const ZONES = Object.keys(IANA);
const COMPANIES = [
  ['acme.com', 'Acme'],
  ['globex.io', 'Globex'],
  ['initech.com', 'Initech'],
  ['umbrella.co', 'Umbrella'],
  ['hooli.com', 'Hooli'],
  ['stark.industries', 'Stark'],
  ['wayne.enterprises', 'Wayne'],
  ['tyrell.ai', 'Tyrell'],
] as const;
const FIRST = ['Jane', 'Omar', 'Li', 'Priya', 'Carlos', 'Anna', 'Kofi', 'Mia', 'Ivan', 'Sara'];
const LAST = ['Doe', 'Haddad', 'Wei', 'Nair', 'Ruiz', 'Berg', 'Mensah', 'Rossi', 'Petrov', 'Kim'];
const TOPICS = [
  'Discovery call',
  'Product demo',
  'Pricing review',
  'Renewal',
  'Security questionnaire',
  'Kick-off',
  'QBR',
  'Technical deep dive',
  'Contract redlines',
  'Onboarding check-in',
];
const ALL_DAY = ['Team offsite', 'PTO', 'Conference', 'Customer onsite', 'Public holiday'];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export interface GeneratedSeed {
  seed: GraphSeed;
  /** Items of a calendar view over the window: singles plus the instances series expand to. */
  instances: number;
  singles: number;
  series: number;
}

/**
 * About `total` instances on one calendar, shaped as the Google benchmark's (bench/google-
 * emulator.ts) in Graph's terms: 96% single meetings (2-4 attendees, an HTML agenda, a Teams
 * meeting or a Zoom link, 1 in 25 all-day) and weekly series of 8-26 occurrences, each with one
 * moved occurrence (an exception) and every fourth with a cancelled one (Outlook keeps it,
 * `isCancelled`, where Google drops it). Deterministic: same total, same seed.
 */
export function generateMicrosoftSeed(
  total: number,
  anchorMs = Date.UTC(2026, 0, 5),
): GeneratedSeed {
  const random = seededRandom(20_261_126);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const events: GraphEventInput[] = [];
  const seriesCount = Math.max(1, Math.round(total * 0.002));
  let seriesInstances = 0;
  for (let s = 0; s < seriesCount; s++) {
    const count = 8 + Math.floor(random() * 19);
    const zone = pick(ZONES);
    const day = anchorMs + Math.floor((random() - 0.5) * 2 * (SPREAD_DAYS - 200)) * DAY_MS;
    const hour = 8 + Math.floor(random() * 9);
    const local = (week: number, h: number, minutes = 0) => ({
      dateTime: `${isoDate(day + week * 7 * DAY_MS)}T${pad(h)}:${pad(minutes)}:00.0000000`,
      timeZone: zone,
    });
    const [domain, company] = pick(COMPANIES);
    const id = `AAMkSeries${s.toString(32).padStart(5, '0')}`;
    const shared = {
      body: agenda(company, random),
      attendees: attendees(domain, 2 + Math.floor(random() * 3), random),
      ...meeting(id, random),
    };
    events.push({
      id,
      subject: `${company} weekly sync`,
      start: local(0, hour),
      end: local(0, hour, 45),
      recurrence: {
        pattern: {
          type: 'weekly',
          interval: 1,
          daysOfWeek: [WEEKDAYS[new Date(day).getUTCDay()] ?? 'monday'],
          firstDayOfWeek: 'sunday',
        },
        range: {
          type: 'numbered',
          numberOfOccurrences: count,
          startDate: isoDate(day),
          recurrenceTimeZone: zone,
        },
      },
      ...shared,
    });
    const originalStart = (week: number) => localInstant(day + week * 7 * DAY_MS, hour, zone);
    const moved = 1 + Math.floor(random() * (count - 2));
    events.push({
      seriesMasterId: id,
      originalStart: originalStart(moved),
      subject: `${company} weekly sync (moved)`,
      start: local(moved, hour + 1),
      end: local(moved, hour + 1, 45),
    });
    seriesInstances += count;
    if (s % 4 === 0) {
      events.push({
        seriesMasterId: id,
        originalStart: originalStart(moved + 1),
        subject: `Canceled: ${company} weekly sync`,
        isCancelled: true,
        start: local(moved + 1, hour),
        end: local(moved + 1, hour, 45),
      });
    }
  }
  const singles = Math.max(0, total - seriesInstances);
  for (let i = 0; i < singles; i++) {
    const id = `AAMkEv${i.toString(32).padStart(6, '0')}`;
    const day = anchorMs + Math.floor((random() - 0.5) * 2 * SPREAD_DAYS) * DAY_MS;
    const [domain, company] = pick(COMPANIES);
    const zone = pick(ZONES);
    if (i % 25 === 7) {
      const days = 1 + Math.floor(random() * 3);
      events.push({
        id,
        subject: pick(ALL_DAY),
        isAllDay: true,
        start: { dateTime: `${isoDate(day)}T00:00:00.0000000`, timeZone: zone },
        end: { dateTime: `${isoDate(day + days * DAY_MS)}T00:00:00.0000000`, timeZone: zone },
        showAs: 'free',
      });
      continue;
    }
    const startHour = 7 + Math.floor(random() * 11);
    const startMinute = pick([0, 15, 30, 45]);
    const minutes = pick([15, 30, 30, 45, 60, 60, 90]);
    const endTotal = startHour * 60 + startMinute + minutes;
    events.push({
      id,
      subject: `${pick(TOPICS)}: ${company}`,
      body: agenda(company, random),
      start: {
        dateTime: `${isoDate(day)}T${pad(startHour)}:${pad(startMinute)}:00.0000000`,
        timeZone: zone,
      },
      end: {
        dateTime: `${isoDate(day)}T${pad(Math.floor(endTotal / 60))}:${pad(endTotal % 60)}:00.0000000`,
        timeZone: zone,
      },
      attendees: attendees(domain, 2 + Math.floor(random() * 3), random),
      ...meeting(id, random),
    });
  }
  return {
    seed: {
      users: [
        {
          email: BENCH_USER,
          name: 'Riley Rep',
          calendars: [{ id: BENCH_CALENDAR, name: 'Calendar', isDefaultCalendar: true, events }],
        },
      ],
    },
    instances: singles + seriesInstances,
    singles,
    series: seriesCount,
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The UTC instant (Graph's originalStart) of a wall-clock hour on a day in a Windows zone. */
function localInstant(dayMs: number, hour: number, zone: string): string {
  const local = DateTime.fromISO(`${isoDate(dayMs)}T${pad(hour)}:00:00`, {
    zone: IANA[zone] ?? 'UTC',
  });
  return `${local.toUTC().toISO({ suppressMilliseconds: true, includeOffset: false })}Z`;
}

function agenda(company: string, random: () => number): { contentType: 'html'; content: string } {
  const lines = [
    `Agenda for ${company}:`,
    '1. Introductions and goals for this quarter',
    '2. Current process, pain points, who else is involved',
    '3. Timeline, budget and the decision process',
  ];
  if (random() < 0.5) lines.push('4. Next steps: security review, pilot scope, pricing proposal');
  if (random() < 0.3)
    lines.push(
      'Notes from last time: procurement needs the DPA and the SOC 2 report before the pilot; legal asked for EU data residency.',
    );
  return {
    contentType: 'html',
    content: `<html><body>${lines.map((l) => `<p>${l}</p>`).join('')}</body></html>`,
  };
}

function attendees(domain: string, count: number, random: () => number): GraphAttendee[] {
  const responses: GraphResponse[] = [
    'none',
    'accepted',
    'accepted',
    'tentativelyAccepted',
    'declined',
  ];
  const list: GraphAttendee[] = [];
  const base = Math.floor(random() * FIRST.length * LAST.length);
  for (let i = 1; i < count; i++) {
    // Distinct people: consecutive first names, and last names three apart.
    const first = FIRST[(base + i) % FIRST.length] ?? 'Sam';
    const last = LAST[(Math.floor(base / FIRST.length) + 3 * i) % LAST.length] ?? 'Lee';
    const colleague = i === 1 && random() < 0.3;
    list.push({
      emailAddress: {
        name: `${first} ${last}`,
        address: `${first.toLowerCase()}.${last.toLowerCase()}@${colleague ? 'northwind.io' : domain}`,
      },
      type: random() < 0.1 ? 'optional' : 'required',
      status: {
        response: responses[Math.floor(random() * responses.length)] ?? 'none',
        time: '2026-01-02T10:00:00Z',
      },
    });
  }
  return list;
}

/** A Teams meeting (isOnlineMeeting with a join URL), a Zoom link in the location, or a room. */
function meeting(id: string, random: () => number): Partial<GraphEventInput> {
  const roll = random();
  if (roll < 0.5) {
    return {
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      onlineMeeting: {
        joinUrl: `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${id}%40thread.v2/0`,
      },
    };
  }
  if (roll < 0.8)
    return {
      location: { displayName: `https://northwind.zoom.us/j/${Math.floor(random() * 1e10)}` },
    };
  return { location: { displayName: 'Northwind HQ, Room 4.12' } };
}

/** What the emulator child prints once it listens. */
export interface EmulatorInfo {
  url: string;
  clientId: string;
  clientSecret: string;
  /** The emulator's certificate (its own CA), for `fetchTrusting`. */
  ca: string;
  calendarId: string;
  user: string;
  /** Items of a calendar view over the benchmark's window, counted by the emulator itself. */
  events: number;
  seedMs: number;
  pid: number;
}

export interface EmulatorChildOptions {
  events: number;
  settings?: SettingsPatch;
}

export interface EmulatorChild extends EmulatorInfo {
  close(): Promise<void>;
}

/** Starts the emulator in a child process and waits until it listens. */
export async function spawnEmulator(options: EmulatorChildOptions): Promise<EmulatorChild> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify(options)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const info = await new Promise<EmulatorInfo>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`the emulator exited (${code}) before listening`)),
    );
    lines.on('line', (line) => {
      if (line.startsWith('{')) resolve(JSON.parse(line) as EmulatorInfo);
    });
  });
  return {
    ...info,
    close: async () => {
      child.stdin.end();
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The window both measurements list: WINDOW_DAYS either side of today (UTC midnight). */
export function benchWindow(now = new Date()): { from: Date; to: Date } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return {
    from: new Date(today - WINDOW_DAYS * DAY_MS),
    to: new Date(today + WINDOW_DAYS * DAY_MS),
  };
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as EmulatorChildOptions;
  const started = performance.now();
  const generated = generateMicrosoftSeed(options.events);
  const emulator = await startMicrosoftEmulator({
    seed: generated.seed,
    ...(options.settings ? { settings: options.settings } : {}),
  });
  const window = benchWindow();
  const inWindow = emulator.state.listTruth(BENCH_CALENDAR).filter((e) => {
    const start = Date.parse(`${e.start.dateTime.slice(0, 19)}Z`);
    return start < +window.to && start >= +window.from;
  }).length;
  const info: EmulatorInfo = {
    url: emulator.url,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    ca: emulator.ca,
    calendarId: BENCH_CALENDAR,
    user: BENCH_USER,
    events: inWindow,
    seedMs: performance.now() - started,
    pid: process.pid,
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  const stop = () => void emulator.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
