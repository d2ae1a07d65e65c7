/**
 * Overlap detection over generated calendars: 1,000,000 events of 1,000 people (1,000 each over
 * 120 days, seeded, generated in process, with all-day, transparent, cancelled, tentative,
 * declined and zero-length events), beside a baseline measured in the same process: sorting the
 * same intervals by (start, end), the least any sweep over sorted intervals does.
 *
 * - `findOverlappingEvents` (the domain's overlap detection: which events block time, grouped
 *   by owner, swept per owner), target within 3x of the baseline;
 * - `findOverlapGroups` over all the intervals as one list (the sweep alone, one global sort).
 *   Its groups are maximal cliques, here of everyone's meetings at once: with hundreds of
 *   people's meetings open at each quarter hour it lists far more indices than there are events
 *   (about 6.7 per event at 100 people, against under 1 per owner), which this measurement pays for;
 * - scaling from 100,000 events (100 people) to 1,000,000 (1,000 people): time ratio under 13
 *   (10 for linear work, about 12 for n log n);
 * - for scale, the whole `detectConflicts` (duplicates, overlaps, travel, priorities and
 *   suggestions with free-slot search) on 10 people's 10,000 events.
 *
 * Imported by run.ts (`benchConflicts`), which measures each size in a child process of its own
 * (its own heap):
 *   node --expose-gc --import tsx bench/conflicts.ts ROUNDS PEOPLE
 * prints one JSON line with the figures.
 */
import { fileURLToPath } from 'node:url';
import { runJsonChild } from './child-process.js';
import {
  availabilityFromEvents,
  conflictSettings,
  detectConflicts,
  findOverlapGroups,
  findOverlappingEvents,
  makeConflictEvent,
  type ConflictEvent,
} from '../src/domain/conflicts/index.js';
import { random } from './generate-events.js';
import { benchSize } from './smoke.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
const BASE = Date.UTC(2026, 0, 5);
const EVENTS_PER_PERSON = 1000;
const SPAN_DAYS = 120;
const TARGET_RATIO = 3;
const TARGET_SCALING = 13;
const DURATIONS = [15, 30, 30, 30, 45, 60, 60, 60, 90, 120];

/** One size, measured in a process of its own. */
export interface ConflictsRun {
  events: number;
  people: number;
  generateMs: number;
  baselineMs: number[];
  ownerBaselineMs: number[];
  detectMs: number[];
  sweepMs: number[];
  groups: number;
  /** The whole detectConflicts on the first 10 people's events. */
  full: { events: number; ms: number; conflicts: number };
}

type Rng = () => number;

/** `people` people's calendars, the same for the same arguments on every machine. */
export function generateCalendars(people: number, perPerson = EVENTS_PER_PERSON): ConflictEvent[] {
  const rng = random(20_260_105);
  const events: ConflictEvent[] = [];
  for (let p = 0; p < people; p++) {
    const owner = `person${p}@northwind.io`;
    // Shared per person: a million events need not carry a million attendee lists.
    const answers = {
      accepted: [{ email: owner, responseStatus: 'accepted' as const }],
      declined: [{ email: owner, responseStatus: 'declined' as const }],
      tentative: [{ email: owner, responseStatus: 'tentative' as const }],
    };
    for (let k = 0; k < perPerson; k++)
      events.push(generateEvent(rng, owner, `${p}-${k}`, answers));
  }
  return events;
}

function generateEvent(
  rng: Rng,
  owner: string,
  id: string,
  answers: Record<'accepted' | 'declined' | 'tentative', ConflictEvent['attendees']>,
): ConflictEvent {
  const day = BASE + Math.floor(rng() * SPAN_DAYS) * DAY;
  const roll = rng();
  const allDay = roll < 0.04;
  const start = allDay ? day : day + (7 * 60 + Math.floor(rng() * 44) * 15) * MINUTE;
  const minutes = rng() < 0.01 ? 0 : (DURATIONS[Math.floor(rng() * DURATIONS.length)] as number);
  const end = allDay ? day + (1 + Math.floor(rng() * 3)) * DAY : start + minutes * MINUTE;
  const answer = rng();
  return makeConflictEvent({
    id,
    owner,
    title: 'Meeting',
    start,
    end,
    allDay,
    status: roll > 0.97 ? 'cancelled' : roll > 0.92 ? 'tentative' : 'confirmed',
    transparency: rng() < (allDay ? 0.5 : 0.1) ? 'transparent' : 'opaque',
    attendees:
      answer < 0.05 ? answers.declined : answer < 0.1 ? answers.tentative : answers.accepted,
  });
}

const byStartEnd = (a: ConflictEvent, b: ConflictEvent) => a.start - b.start || a.end - b.end;

/** The stricter baseline: the same grouping by owner, then each owner's intervals sorted. */
function sortPerOwner(events: readonly ConflictEvent[]): number {
  const byOwner = new Map<string, ConflictEvent[]>();
  for (const event of events) {
    const list = byOwner.get(event.owner);
    if (list) list.push(event);
    else byOwner.set(event.owner, [event]);
  }
  let sorted = 0;
  for (const list of byOwner.values()) sorted += list.sort(byStartEnd).length;
  return sorted;
}

function timed<T>(run: () => T): { ms: number; value: T } {
  globalThis.gc?.();
  const started = performance.now();
  const value = run();
  return { ms: performance.now() - started, value };
}

function measureHere(rounds: number, people: number): ConflictsRun {
  const generation = timed(() => generateCalendars(people));
  const events = generation.value;
  // Warm the JIT on a slice first, so that round 1 is not the compiler's.
  const warm = events.slice(0, 50 * EVENTS_PER_PERSON);
  findOverlappingEvents(warm);
  findOverlapGroups(warm);
  sortPerOwner(warm);
  warm.slice().sort(byStartEnd);
  const run: ConflictsRun = {
    events: events.length,
    people,
    generateMs: generation.ms,
    baselineMs: [],
    ownerBaselineMs: [],
    detectMs: [],
    sweepMs: [],
    groups: 0,
    full: { events: 0, ms: 0, conflicts: 0 },
  };
  for (let i = 0; i < rounds; i++) {
    run.baselineMs.push(timed(() => events.slice().sort(byStartEnd)).ms);
    run.ownerBaselineMs.push(timed(() => sortPerOwner(events)).ms);
    const detected = timed(() => findOverlappingEvents(events));
    run.detectMs.push(detected.ms);
    run.groups = detected.value.length;
    run.sweepMs.push(timed(() => findOverlapGroups(events)).ms);
  }
  const tenPeople = events.slice(0, 10 * EVENTS_PER_PERSON);
  const settings = conflictSettings({ internalDomains: ['northwind.io'] });
  const full = timed(() =>
    detectConflicts(tenPeople, settings, availabilityFromEvents(tenPeople), BASE),
  );
  run.full = { events: tenPeople.length, ms: full.ms, conflicts: full.value.length };
  return run;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const n = (value: number) => Math.round(value).toLocaleString('en');
const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

function measure(rounds: number, people: number): ConflictsRun {
  return runJsonChild<ConflictsRun>(
    'conflicts.ts',
    fileURLToPath(import.meta.url),
    [String(rounds), String(people)],
    { nodeArgs: ['--expose-gc'] },
  );
}

/**
 * `rounds` rounds of each measurement at 100 and 1,000 people, each size in a child process of
 * its own (its own heap: a small set measured beside a large one pays for the large heap's
 * collections); prints a Markdown table.
 */
export function benchConflicts(rounds: number): void {
  // A smoke run: 2 and 10 people (2,000 and 10,000 events).
  const small = measure(rounds, benchSize(100, 2));
  const large = measure(rounds, benchSize(1000, 10));
  console.log(
    `\nconflicts: generated calendars (${n(EVENTS_PER_PERSON)} events a person over ${SPAN_DAYS} days, seeded), ${n(small.people)} and ${n(large.people)} people, each in its own process, ${rounds} rounds (median)\n`,
  );
  console.log('| people | measurement | events | time | events/s | ratio to baseline |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const run of [small, large]) {
    const base = median(run.baselineMs);
    const row = (name: string, ms: number) =>
      console.log(
        `| ${n(run.people)} | ${name} | ${n(run.events)} | ${s(ms)} | ${n(run.events / (ms / 1000))} | ${(ms / base).toFixed(2)}x |`,
      );
    row('baseline: sort the intervals by (start, end)', base);
    row('stricter baseline: group by owner, sort each owner', median(run.ownerBaselineMs));
    row('`findOverlappingEvents` (blocking, per owner, sweep)', median(run.detectMs));
    row('`findOverlapGroups`, one list (the sweep alone)', median(run.sweepMs));
  }
  const ratioTo = (run: ConflictsRun, baseline: number[]) =>
    median(run.detectMs.map((ms, i) => ms / (baseline[i] ?? ms)));
  const ratio = ratioTo(large, large.baselineMs);
  const scaling = median(large.detectMs) / median(small.detectMs);
  // Noise on a shared machine only ever adds time: the fastest rounds are the steadier figures.
  const fastest = (list: number[]) => Math.min(...list);
  const met = ratio <= TARGET_RATIO && scaling < TARGET_SCALING;
  console.log(
    `\n${n(large.groups)} overlap groups in ${n(large.events)} events. Target: within ${TARGET_RATIO}x of the baseline and 100k -> 1M under ${TARGET_SCALING}x: ${met ? 'met' : 'not met'} (${ratio.toFixed(2)}x the baseline, ${ratioTo(large, large.ownerBaselineMs).toFixed(2)}x the stricter one; 100k -> 1M ${scaling.toFixed(1)}x, fastest rounds ${(fastest(large.detectMs) / fastest(small.detectMs)).toFixed(1)}x; the baseline's ${(median(large.baselineMs) / median(small.baselineMs)).toFixed(1)}x, the sweep alone's ${(median(large.sweepMs) / median(small.sweepMs)).toFixed(1)}x)`,
  );
  console.log(
    `whole detectConflicts (duplicates, overlaps, travel, priorities, suggestions) on ${n(large.full.events)} events of 10 people: ${s(large.full.ms)}, ${n(large.full.conflicts)} conflicts`,
  );
  const round = (run: ConflictsRun, i: number) =>
    [run.baselineMs, run.ownerBaselineMs, run.detectMs, run.sweepMs]
      .map((list) => (list[i] ?? 0).toFixed(0))
      .join(' / ');
  for (const run of [small, large])
    console.log(
      `${n(run.people)} people, per round (ms: baseline / stricter / per owner / one list): ${run.baselineMs.map((_, i) => round(run, i)).join('; ')}`,
    );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const run = measureHere(Number(process.argv[2] ?? 3), Number(process.argv[3] ?? 1000));
  process.stdout.write(`${JSON.stringify(run)}\n`);
}
