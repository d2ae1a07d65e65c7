/**
 * The Google emulator for the benchmarks, in a process of its own so that neither its memory nor
 * its CPU is counted in the process being measured:
 *   node --import tsx bench/google-emulator.ts '{"events":100000}'
 * seeds one calendar with a generated, deterministic set of events, starts the emulator and
 * prints one JSON line (EmulatorInfo); it runs until its stdin closes or it gets SIGTERM.
 * `spawnEmulator` does that from a parent and reads the line back.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startGoogleEmulator } from '../emulators/google/index.js';
import type { SettingsPatch } from '../emulators/google/index.js';
import { seededRandom } from '../emulators/google/prng.js';
import type { GoogleAttendee, GoogleEventInput, GoogleSeed } from '../emulators/google/types.js';

export const BENCH_USER = 'rep@northwind.io';
const DAY_MS = 86_400_000;
/** Generated events lie within this many days before and after the anchor. */
const SPREAD_DAYS = 730;
const ZONES = ['Europe/Berlin', 'America/New_York', 'Europe/London', 'Asia/Singapore'];
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

export interface GeneratedSeed {
  seed: GoogleSeed;
  calendarId: string;
  user: string;
  /** Live items of a singleEvents listing: singles plus the instances the series expand to. */
  instances: number;
  singles: number;
  series: number;
}

/**
 * About `total` live instances on one calendar: 96% single meetings (2-4 attendees, an agenda,
 * Meet or Zoom links, 1 in 25 all-day) and weekly series of 8-26 instances, each with one moved
 * instance and every fourth with a cancelled one. Deterministic: same total, same seed.
 */
export function generateGoogleSeed(total: number, anchorMs = Date.UTC(2026, 0, 5)): GeneratedSeed {
  const random = seededRandom(20_261_125);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const events: GoogleEventInput[] = [];
  const seriesCount = Math.max(1, Math.round(total * 0.002));
  let seriesInstances = 0;
  for (let s = 0; s < seriesCount; s++) {
    const count = 8 + Math.floor(random() * 19);
    const zone = pick(ZONES);
    const day = anchorMs + Math.floor((random() - 0.5) * 2 * (SPREAD_DAYS - 200)) * DAY_MS;
    const hour = 8 + Math.floor(random() * 9);
    const local = (week: number, h: number, minutes = 0) =>
      `${new Date(day + week * 7 * DAY_MS).toISOString().slice(0, 10)}T${pad(h)}:${pad(minutes)}:00`;
    const [domain, company] = pick(COMPANIES);
    const id = `series${s.toString(32).padStart(5, '0')}`;
    const shared = {
      description: agenda(company, random),
      attendees: attendees(domain, 2 + Math.floor(random() * 3), random),
      ...meeting(id, random),
    };
    events.push({
      id,
      summary: `${company} weekly sync`,
      start: { dateTime: local(0, hour), timeZone: zone },
      end: { dateTime: local(0, hour, 45), timeZone: zone },
      recurrence: [`RRULE:FREQ=WEEKLY;COUNT=${count}`],
      ...shared,
    });
    // An instance moved by an hour (an exception: a full event of its own, as Google keeps it).
    const moved = 1 + Math.floor(random() * (count - 2));
    events.push({
      recurringEventId: id,
      originalStartTime: { dateTime: local(moved, hour), timeZone: zone },
      summary: `${company} weekly sync (moved)`,
      start: { dateTime: local(moved, hour + 1), timeZone: zone },
      end: { dateTime: local(moved, hour + 1, 45), timeZone: zone },
      ...shared,
    });
    seriesInstances += count;
    if (s % 4 === 0) {
      const cancelled = moved + 1;
      events.push({
        recurringEventId: id,
        originalStartTime: { dateTime: local(cancelled, hour), timeZone: zone },
        status: 'cancelled',
      });
      seriesInstances -= 1;
    }
  }
  const singles = Math.max(0, total - seriesInstances);
  for (let i = 0; i < singles; i++) {
    const id = `ev${i.toString(32).padStart(6, '0')}`;
    const day = anchorMs + Math.floor((random() - 0.5) * 2 * SPREAD_DAYS) * DAY_MS;
    const [domain, company] = pick(COMPANIES);
    if (i % 25 === 7) {
      const days = 1 + Math.floor(random() * 3);
      events.push({
        id,
        summary: pick(ALL_DAY),
        start: { date: isoDate(day) },
        end: { date: isoDate(day + days * DAY_MS) },
        transparency: 'transparent',
      });
      continue;
    }
    const start =
      day + (7 + Math.floor(random() * 11)) * 3_600_000 + pick([0, 15, 30, 45]) * 60_000;
    const minutes = pick([15, 30, 30, 45, 60, 60, 90]);
    events.push({
      id,
      summary: `${pick(TOPICS)}: ${company}`,
      description: agenda(company, random),
      start: { dateTime: new Date(start).toISOString(), timeZone: pick(ZONES) },
      end: { dateTime: new Date(start + minutes * 60_000).toISOString() },
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
          calendars: [
            {
              id: BENCH_USER,
              summary: 'Riley Rep',
              timeZone: 'Europe/Berlin',
              primary: true,
              events,
            },
          ],
        },
      ],
    },
    calendarId: BENCH_USER,
    user: BENCH_USER,
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

function agenda(company: string, random: () => number): string {
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
  return lines.join('\n');
}

function attendees(domain: string, count: number, random: () => number): GoogleAttendee[] {
  const list: GoogleAttendee[] = [
    {
      email: BENCH_USER,
      displayName: 'Riley Rep',
      organizer: true,
      self: true,
      responseStatus: 'accepted',
    },
  ];
  const statuses = ['needsAction', 'accepted', 'accepted', 'tentative', 'declined'] as const;
  const base = Math.floor(random() * FIRST.length * LAST.length);
  for (let i = 1; i < count; i++) {
    // Distinct people: consecutive first names, and last names three apart.
    const first = FIRST[(base + i) % FIRST.length] ?? 'Sam';
    const last = LAST[(Math.floor(base / FIRST.length) + 3 * i) % LAST.length] ?? 'Lee';
    const colleague = i === 1 && random() < 0.3;
    list.push({
      email: `${first.toLowerCase()}.${last.toLowerCase()}@${colleague ? 'northwind.io' : domain}`,
      displayName: `${first} ${last}`,
      responseStatus: statuses[Math.floor(random() * statuses.length)] ?? 'needsAction',
      ...(random() < 0.1 ? { optional: true } : {}),
    });
  }
  return list;
}

/** Google Meet (with conferenceData), a Zoom link in the location, or a room. */
function meeting(id: string, random: () => number): Partial<GoogleEventInput> {
  const roll = random();
  if (roll < 0.5) {
    const code = `${id.slice(-3)}-${id.slice(0, 4)}-${id.slice(-4)}`;
    return {
      hangoutLink: `https://meet.google.com/${code}`,
      conferenceData: {
        conferenceId: code,
        conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet' },
        entryPoints: [{ entryPointType: 'video', uri: `https://meet.google.com/${code}` }],
      },
    };
  }
  if (roll < 0.8) return { location: `https://northwind.zoom.us/j/${Math.floor(random() * 1e10)}` };
  return { location: 'Northwind HQ, Room 4.12' };
}

/** What the emulator child prints once it listens. */
export interface EmulatorInfo {
  url: string;
  clientId: string;
  clientSecret: string;
  calendarId: string;
  user: string;
  /** Live items of a singleEvents listing, counted by the emulator itself. */
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

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as EmulatorChildOptions;
  const started = performance.now();
  const generated = generateGoogleSeed(options.events);
  const emulator = await startGoogleEmulator({
    seed: generated.seed,
    ...(options.settings ? { settings: options.settings } : {}),
  });
  const live = emulator.state
    .listTruth(generated.calendarId, { singleEvents: true })
    .filter((e) => e.status !== 'cancelled').length;
  const info: EmulatorInfo = {
    url: emulator.url,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    calendarId: generated.calendarId,
    user: generated.user,
    events: live,
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
